package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.EvidenceKind;

/**
 * A system an investigation asks for evidence. Sources are optional and may fail: an
 * investigation keeps whatever the others found.
 */
public interface EvidenceSource extends Component {

  /** The configured name, shown in evidence reports: {@code prometheus}, {@code loki}, … */
  String name();

  EvidenceKind kind();
}
