package dev.firebreak.integrations.http;

import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.EvidenceSource;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.ExchangeRecorder;
import okhttp3.OkHttpClient;

/**
 * What every HTTP evidence source shares: its name, its endpoint on the gateway's one HTTP
 * client, a health check against a cheap read-only path, and nothing to close (the client is
 * the gateway's). No I/O happens until a source is used.
 */
public abstract class HttpEvidenceSource implements EvidenceSource {

  private final String name;
  private final String healthPath;
  protected final SourceHttp http;

  /** @param healthPath a cheap GET under the base URL that answers 2xx when all is well */
  protected HttpEvidenceSource(
      String name, EndpointSettings endpoint, OkHttpClient client, String healthPath) {
    this.name = name;
    this.healthPath = healthPath;
    this.http = new SourceHttp(name, endpoint, client);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public CheckResult check() {
    try {
      http.get(http.url(healthPath).build(), 1 << 20, ExchangeRecorder.NONE);
      return CheckResult.OK;
    } catch (EvidenceSourceException e) {
      return CheckResult.failed(e.getMessage());
    }
  }

  @Override
  public final void close() {
    // The HTTP client is the gateway's and closed by it.
  }
}
