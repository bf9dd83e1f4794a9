package org.fedomics.consent.portal;

import java.util.Collection;
import java.util.Objects;

/**
 * Markup that is safe to send to a browser. Only this package can make one: from text, which is
 * escaped, from this module's own templates, or by joining such markup. A page can therefore show
 * a value (a study id a node reported, a hospital's name) only through {@link #text}.
 */
public final class Html {
    public static final Html EMPTY = new Html("");
    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /**
     * Text, escaped for element content and for double- or single-quoted attribute values (the
     * only places templates put slots).
     */
    public static Html text(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return new Html(out.toString());
    }

    public static Html join(Collection<Html> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> out.append(part.markup));
        return new Html(out.toString());
    }

    /** This module's own markup: template files and the fixed attribute fragments of {@link Template}. */
    static Html trusted(String markup) {
        return new Html(Objects.requireNonNull(markup, "markup"));
    }

    /** {@code " name"} when {@code on}, for boolean attributes such as {@code checked}. */
    static Html attributeIf(boolean on, String name) {
        if (!name.matches("[a-z-]+(=\"[a-z]+\")?")) {
            throw new IllegalArgumentException("not a fixed attribute: " + name);
        }
        return on ? new Html(" " + name) : EMPTY;
    }

    @Override
    public String toString() {
        return markup;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Html html && html.markup.equals(markup);
    }

    @Override
    public int hashCode() {
        return markup.hashCode();
    }
}
