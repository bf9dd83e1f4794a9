package org.fedomics.consent.portal;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The portal's style sheet and scripts, read from this module's resources once at start-up and
 * served by the service itself (no CDN: a hospital's patients may have no route to one). Only
 * these named files exist; browsers revalidate them by ETag.
 */
final class Assets {
    static final String PREFIX = "/portal/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "portal.css", "text/css; charset=utf-8",
            "portal.js", "text/javascript; charset=utf-8",
            "ledger-check.js", "text/javascript; charset=utf-8");

    private record Asset(Buffer bytes, String type, String etag) {
    }

    private final Map<String, Asset> assets;

    Assets() {
        Map<String, Asset> loaded = new HashMap<>();
        TYPES.forEach((name, type) -> {
            byte[] bytes = read("assets/" + name);
            loaded.put(name, new Asset(Buffer.buffer(bytes), type, "\"" + sha256(bytes).substring(0, 32) + "\""));
        });
        this.assets = Map.copyOf(loaded);
    }

    /** Serves {@code /portal/assets/<name>}; false if there is no such asset. */
    boolean serve(RoutingContext ctx, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            return false;
        }
        var response = ctx.response().putHeader("Cache-Control", "no-cache").putHeader("ETag", asset.etag());
        if (asset.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
        } else {
            response.putHeader("Content-Type", asset.type()).end(asset.bytes());
        }
        return true;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("portal asset " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read portal asset " + resource, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
