package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import java.time.Instant;
import java.util.List;

/** The write side of intake: where accepted signals become durable. */
public interface IntakeLog {

  /**
   * Commits the signals durably in one transaction, ignoring any whose (source, dedup key) is
   * already stored. Returns, in order, whether each signal was new. When this returns, the
   * signals survive a crash of the process and of the machine.
   *
   * @throws StoreUnavailableException when the store cannot commit now
   */
  List<Boolean> append(List<Signal> signals, Instant receivedAt);

  /** Records a refused delivery once per distinct body and counts the repeats. Best effort. */
  void recordRejected(RejectedDelivery rejected);
}
