package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.model.Evidence;

/** Told about each finished run, for metrics. */
public interface InvestigationListener {

  InvestigationListener NONE = new InvestigationListener() {};

  default void completed(Evidence evidence, long tookMillis) {}

  default void failed(long incidentId, Throwable error) {}
}
