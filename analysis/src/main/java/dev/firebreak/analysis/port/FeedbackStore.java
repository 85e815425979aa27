package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Feedback;
import java.util.List;

/** Feedback on incidents, every entry kept. */
public interface FeedbackStore {

  void save(Feedback feedback);

  /** An incident's feedback, oldest first. */
  List<Feedback> of(long incidentId);

  /** The latest feedback on each incident that has some. */
  List<Feedback> latestPerIncident();
}
