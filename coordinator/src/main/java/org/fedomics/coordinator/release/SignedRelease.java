package org.fedomics.coordinator.release;

/** A release as published: the manifest and the coordinator's JWS over it. */
public record SignedRelease(ReleaseManifest manifest, String signature) {
}
