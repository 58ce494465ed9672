package org.mifsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mifsync --version} prints: the version and the commit the tool was built from (written
 * into {@code build.properties} by the build), and the Java that runs it.
 */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties build = build();
        String commit = build.getProperty("commit", "unknown");
        String built = "unknown".equals(commit) ? "commit unknown"
                : "commit " + commit + (Boolean.parseBoolean(build.getProperty("dirty")) ? ", with local changes" : "");
        return new String[] { "mifsync " + build.getProperty("version", "development") + " (" + built + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")" };
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tool's build.properties", e);
        }
        return p;
    }
}
