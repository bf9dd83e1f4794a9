package org.fedomics.consent.service;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;

import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedomics.consent.web.ServiceResult;

/**
 * The query of a ledger request: only the named parameters, each at most once, each a tree size
 * (a decimal number without sign). Anything else is refused, so no parameter can steer a request
 * somewhere the caller did not mean, or another patient's way.
 */
record LedgerQuery(Map<String, Long> sizes) {
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,17}");

    static ServiceResult<LedgerQuery> parse(RoutingContext ctx, Set<String> allowed, Set<String> required) {
        Map<String, Long> sizes = new HashMap<>();
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                String expected = allowed.isEmpty() ? "this request takes none"
                        : "allowed: " + String.join(", ", allowed.stream().sorted().toList());
                return ServiceResult.fail(BAD_REQUEST, "unknown query parameter '" + shortened(name) + "'; " + expected);
            }
            List<String> values = ctx.queryParams().getAll(name);
            if (values.size() != 1) {
                return ServiceResult.fail(BAD_REQUEST, "query parameter '" + name + "' must be given once");
            }
            if (!SIZE.matcher(values.get(0)).matches()) {
                return ServiceResult.fail(BAD_REQUEST, "query parameter '" + name + "' must be a tree size (a whole number >= 0)");
            }
            sizes.put(name, Long.parseLong(values.get(0)));
        }
        for (String name : required) {
            if (!sizes.containsKey(name)) {
                return ServiceResult.fail(BAD_REQUEST, "query parameter '" + name + "' is required");
            }
        }
        return ServiceResult.ok(new LedgerQuery(Map.copyOf(sizes)));
    }

    /** The value of a parameter, or null if it was not given. */
    Long get(String name) {
        return sizes.get(name);
    }

    private static String shortened(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }
}
