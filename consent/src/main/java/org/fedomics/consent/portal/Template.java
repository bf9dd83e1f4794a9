package org.fedomics.consent.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTML template of the portal (a resource under {@code templates/}) with named slots written
 * {@code {{name}}}. Every slot must be filled, with {@link Html}, and nothing else may be passed:
 * a missing or unknown slot is a programming error caught on the first render in any test.
 */
final class Template {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z][a-z0-9-]*)}}");
    private final String name;
    /** Literal text and slot names, alternating: literal, slot, literal, ..., literal. */
    private final List<String> parts;
    private final Set<String> slots;

    private Template(String name, List<String> parts) {
        this.name = name;
        this.parts = List.copyOf(parts);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < parts.size(); i += 2) {
            names.add(parts.get(i));
        }
        this.slots = Set.copyOf(names);
    }

    /** Loads {@code templates/<name>.html} from this package's resources. */
    static Template load(String name) {
        String resource = "templates/" + name + ".html";
        try (InputStream in = Template.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("portal template " + resource + " is missing from the class path");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read portal template " + resource, e);
        }
    }

    static Template parse(String name, String text) {
        List<String> parts = new ArrayList<>();
        Matcher slot = SLOT.matcher(text);
        int at = 0;
        while (slot.find()) {
            parts.add(text.substring(at, slot.start()));
            parts.add(slot.group(1));
            at = slot.end();
        }
        parts.add(text.substring(at));
        return new Template(name, parts);
    }

    Html render(Map<String, Html> values) {
        if (!values.keySet().equals(slots)) {
            throw new IllegalArgumentException("template " + name + " has slots " + slots + " but was given " + values.keySet());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0 ? parts.get(i) : values.get(parts.get(i)).toString());
        }
        return Html.trusted(out.toString());
    }
}
