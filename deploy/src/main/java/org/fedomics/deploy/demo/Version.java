package org.fedomics.deploy.demo;

/** The software version written into releases: the jar's Implementation-Version, or "development". */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
