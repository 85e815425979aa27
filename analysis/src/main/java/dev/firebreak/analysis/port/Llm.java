package dev.firebreak.analysis.port;

import java.util.List;

/**
 * A language model asked to refine a diagnosis. Implementations send the two messages with a
 * JSON-schema answer format where the provider supports one, parse the answer and throw
 * {@link LlmException} when there is none in time or it is not the asked shape. They never
 * log the prompt: it is redacted, but still the incident's data.
 */
public interface Llm extends Component {

  /** Provider and model, as recorded with the diagnosis: {@code openai/gpt-4o-mini}. */
  String name();

  List<ProposedHypothesis> propose(String system, String user);

  /** One hypothesis as the model proposed it, not yet checked. */
  record ProposedHypothesis(
      String cause,
      String service,
      double confidence,
      String explanation,
      List<String> evidenceIds) {

    public ProposedHypothesis {
      evidenceIds = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
    }
  }

  /** No usable answer: a timeout, an unreachable or refusing provider, a malformed answer. */
  final class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlmException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
