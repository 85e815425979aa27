package dev.firebreak.integrations.chroma;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.VectorIndex;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Incident memory in a Chroma collection (HTTP API v2, through LangChain4j's {@link
 * ChromaEmbeddingStore}). The collection is created with cosine distance; a document's fields
 * travel as metadata, so a match needs no second lookup. Nothing is contacted until first use,
 * and a failed connection is tried again on the next call.
 */
public final class ChromaVectorIndex implements VectorIndex {

  /**
   * Chroma filters by metadata before ranking, but the excluded document and a minimum score
   * are applied here, so a few more than asked for are fetched.
   */
  private static final int EXTRA = 1;

  private final ChromaSettings settings;
  private final HttpClient http;
  private volatile ChromaEmbeddingStore store;

  public ChromaVectorIndex(ChromaSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  private ChromaEmbeddingStore store() {
    ChromaEmbeddingStore current = store;
    if (current == null) {
      synchronized (this) {
        if (store == null) {
          try {
            store =
                ChromaEmbeddingStore.builder()
                    .apiVersion(ChromaApiVersion.V2)
                    .baseUrl(settings.baseUrl())
                    .tenantName(settings.tenant())
                    .databaseName(settings.database())
                    .collectionName(settings.collection())
                    .timeout(settings.timeout())
                    .build();
          } catch (RuntimeException e) {
            throw new ChromaUnavailableException(settings, e);
          }
        }
        current = store;
      }
    }
    return current;
  }

  @Override
  public void upsert(MemoryDocument document, float[] vector) {
    ChromaEmbeddingStore chroma = store();
    try {
      // Chroma's add keeps the first record of an id, so a replacement removes the old one first.
      chroma.removeAll(List.of(document.id()));
      chroma.addAll(
          List.of(document.id()),
          List.of(Embedding.from(vector)),
          List.of(
              TextSegment.from(
                  document.text().isEmpty() ? " " : document.text(), metadata(document))));
    } catch (RuntimeException e) {
      throw new ChromaUnavailableException(settings, e);
    }
  }

  @Override
  public List<Match> nearest(float[] query, int k, VectorIndex.Filter filter) {
    ChromaEmbeddingStore chroma = store();
    List<EmbeddingMatch<TextSegment>> found;
    try {
      EmbeddingSearchRequest.EmbeddingSearchRequestBuilder request =
          EmbeddingSearchRequest.builder()
              .queryEmbedding(Embedding.from(query))
              .maxResults(k + EXTRA);
      dev.langchain4j.store.embedding.filter.Filter where = where(filter);
      if (where != null) {
        request.filter(where);
      }
      found = chroma.search(request.build()).matches();
    } catch (RuntimeException e) {
      throw new ChromaUnavailableException(settings, e);
    }
    List<Match> matches = new ArrayList<>();
    for (EmbeddingMatch<TextSegment> match : found) {
      MemoryDocument document = document(match.embeddingId(), match.embedded());
      if (filter.accepts(document) && matches.size() < k) {
        // LangChain4j maps cosine distance d in [0, 2] to (2 - d) / 2; back to cosine similarity.
        matches.add(new Match(document, 2 * match.score() - 1));
      }
    }
    return matches;
  }

  @Override
  public long size() {
    store();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(collectionUrl() + "/count"))
                  .timeout(settings.timeout())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ChromaUnavailableException(
            settings, new IOException("count answered " + response.statusCode()));
      }
      return Long.parseLong(response.body().trim());
    } catch (IOException e) {
      throw new ChromaUnavailableException(settings, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChromaUnavailableException(settings, e);
    }
  }

  /** The v2 path of the collection by its id, which only the store knows after creating it. */
  private String collectionUrl() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        settings.baseUrl()
                            + "/api/v2/tenants/"
                            + settings.tenant()
                            + "/databases/"
                            + settings.database()
                            + "/collections/"
                            + settings.collection()))
                .timeout(settings.timeout())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("collection lookup answered " + response.statusCode());
    }
    String body = response.body();
    int at = body.indexOf("\"id\"");
    int start = body.indexOf('"', body.indexOf(':', at) + 1) + 1;
    String collectionId = body.substring(start, body.indexOf('"', start));
    return settings.baseUrl()
        + "/api/v2/tenants/"
        + settings.tenant()
        + "/databases/"
        + settings.database()
        + "/collections/"
        + collectionId;
  }

  @Override
  public CheckResult check() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v2/heartbeat"))
                  .timeout(settings.timeout())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? CheckResult.OK
          : CheckResult.failed("chroma heartbeat answered " + response.statusCode());
    } catch (IOException e) {
      return CheckResult.failed("chroma unreachable at " + settings.baseUrl() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed("interrupted");
    }
  }

  @Override
  public void close() {
    // The JDK client and LangChain4j's hold no resources that outlive their threads.
  }

  private static dev.langchain4j.store.embedding.filter.Filter where(VectorIndex.Filter filter) {
    List<dev.langchain4j.store.embedding.filter.Filter> parts = new ArrayList<>();
    if (filter.service() != null && !filter.service().isEmpty()) {
      parts.add(metadataKey("service").isEqualTo(filter.service()));
    }
    if (filter.cause() != null && !filter.cause().isEmpty()) {
      parts.add(metadataKey("cause").isEqualTo(filter.cause()));
    }
    if (filter.openedFrom() != null) {
      parts.add(
          metadataKey("opened_at").isGreaterThanOrEqualTo(filter.openedFrom().getEpochSecond()));
    }
    if (filter.openedTo() != null) {
      parts.add(metadataKey("opened_at").isLessThan(filter.openedTo().getEpochSecond()));
    }
    return parts.stream().reduce((left, right) -> left.and(right)).orElse(null);
  }

  private static Metadata metadata(MemoryDocument document) {
    Metadata metadata = new Metadata();
    if (document.incidentId() != null) {
      metadata.put("incident_id", document.incidentId());
    }
    metadata.put("title", document.title());
    metadata.put("service", document.service());
    metadata.put("cause", document.cause());
    metadata.put("resolution", document.resolution());
    metadata.put("resolved", document.resolved() ? "true" : "false");
    metadata.put("opened_at", document.openedAt().getEpochSecond());
    metadata.put("opened_at_nanos", document.openedAt().getNano());
    metadata.put("updated_at", document.updatedAt().toString());
    metadata.put("postmortem", document.postmortem());
    return metadata;
  }

  private static MemoryDocument document(String id, TextSegment segment) {
    Map<String, Object> meta = segment == null ? Map.of() : segment.metadata().toMap();
    Object incident = meta.get("incident_id");
    long seconds = ((Number) meta.getOrDefault("opened_at", 0L)).longValue();
    int nanos = ((Number) meta.getOrDefault("opened_at_nanos", 0)).intValue();
    Object updated = meta.get("updated_at");
    return new MemoryDocument(
        id,
        incident == null ? null : ((Number) incident).longValue(),
        text(meta.get("title")),
        segment == null ? "" : segment.text(),
        text(meta.get("service")),
        text(meta.get("cause")),
        text(meta.get("resolution")),
        "true".equals(meta.get("resolved")),
        Instant.ofEpochSecond(seconds, nanos),
        updated == null ? Instant.EPOCH : Instant.parse(updated.toString()),
        text(meta.get("postmortem")));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** Chroma could not be reached or refused the request. */
  public static final class ChromaUnavailableException extends RuntimeException {
    ChromaUnavailableException(ChromaSettings settings, Throwable cause) {
      super("chroma at " + settings.baseUrl() + " failed: " + cause.getMessage(), cause);
    }
  }
}
