package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Verification;
import java.time.Instant;

/** Measures a verification's condition now (Prometheus). */
public interface MetricCheck extends Component {

  /** One measurement; a backend that cannot answer gives an {@code ERROR} measurement. */
  Measurement measure(Verification verification, Instant at);
}
