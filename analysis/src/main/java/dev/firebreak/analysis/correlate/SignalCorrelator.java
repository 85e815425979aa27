package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.model.StoredSignal;

/** Decides which incident a signal belongs to and what it changes there. */
@FunctionalInterface
public interface SignalCorrelator {

  void correlate(StoredSignal signal, CorrelationState state);
}
