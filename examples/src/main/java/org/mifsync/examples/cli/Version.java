package org.mifsync.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (the Maven project version), or "development". */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] { "mifsync " + (v == null ? "development" : v),
            "Java " + System.getProperty("java.version") };
    }
}
