package org.fedomics.consent.api;

/** A consent snapshot as compact JWS, signed by the consent service. */
public record SignedSnapshot(String jws) {
}
