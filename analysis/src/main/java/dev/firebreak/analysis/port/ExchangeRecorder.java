package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.RecordedExchange;

/** Receives each request a source sent during an investigation, with its answer. */
@FunctionalInterface
public interface ExchangeRecorder {

  ExchangeRecorder NONE = exchange -> {};

  void record(RecordedExchange exchange);
}
