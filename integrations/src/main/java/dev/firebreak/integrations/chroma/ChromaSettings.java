package dev.firebreak.integrations.chroma;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the Chroma server is and which collection holds the incidents. Tenant and database are
 * always passed: LangChain4j's defaults ({@code default}) are not Chroma's ({@code
 * default_tenant}, {@code default_database}).
 */
public record ChromaSettings(
    String baseUrl, String tenant, String database, String collection, Duration timeout) {

  public static final String DEFAULT_TENANT = "default_tenant";
  public static final String DEFAULT_DATABASE = "default_database";
  public static final String DEFAULT_COLLECTION = "firebreak_incidents";

  public ChromaSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    tenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    database = database == null || database.isBlank() ? DEFAULT_DATABASE : database;
    collection = collection == null || collection.isBlank() ? DEFAULT_COLLECTION : collection;
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  public static ChromaSettings at(String baseUrl) {
    return new ChromaSettings(baseUrl, null, null, null, null);
  }
}
