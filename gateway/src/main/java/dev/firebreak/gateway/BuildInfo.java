package dev.firebreak.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: the project version and the commit it was built from, written into the jar
 * by the build ({@code firebreak-build.properties}). {@code unknown} where the build had no Git
 * checkout (a source archive) or ran from classes the build did not filter.
 */
public record BuildInfo(String version, String revision) {

  private static final BuildInfo CURRENT = read();

  public static BuildInfo current() {
    return CURRENT;
  }

  private static BuildInfo read() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/firebreak-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build's own properties", e);
    }
    return new BuildInfo(
        known(properties.getProperty("version")), known(properties.getProperty("revision")));
  }

  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }
}
