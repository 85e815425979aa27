package dev.firebreak.integrations.runbook;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One runbook service: where to POST, the secret its requests are signed with, and whether it
 * can plan without acting ({@code "phase": "plan"}, as AWX check mode or a Rundeck dry-run job
 * can). The secret never appears in {@link #toString}.
 */
public final class RunbookSettings {

  private final String name;
  private final URI url;
  private final Optional<URI> rollbackUrl;
  private final byte[] secret;
  private final Duration timeout;
  private final boolean plans;

  public RunbookSettings(
      String name,
      URI url,
      Optional<URI> rollbackUrl,
      byte[] secret,
      Duration timeout,
      boolean plans) {
    this.name = name;
    this.url = url;
    this.rollbackUrl = rollbackUrl;
    this.secret = secret.clone();
    this.timeout = timeout;
    this.plans = plans;
  }

  public String name() {
    return name;
  }

  public URI url() {
    return url;
  }

  /** Where the rollback is posted; the same URL with {@code "phase": "rollback"} when absent. */
  public URI rollbackUrl() {
    return rollbackUrl.orElse(url);
  }

  byte[] secret() {
    return secret.clone();
  }

  public Duration timeout() {
    return timeout;
  }

  public boolean plans() {
    return plans;
  }

  @Override
  public String toString() {
    return "runbook " + name + " at " + url;
  }
}
