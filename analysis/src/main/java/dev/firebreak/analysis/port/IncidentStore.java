package dev.firebreak.analysis.port;

/**
 * Where signals, incidents and everything done about them live, handed out as roles. Each role
 * passes its own contract suite on every implementation; several gateways may share one store.
 * A decorator wraps the role it changes, not the store.
 */
public interface IncidentStore extends Component {

  /** Where accepted signals become durable. */
  IntakeLog intake();

  /** Incidents: correlation into them, changes to them, and their read side. */
  Incidents incidents();

  /** Investigations, their evidence and diagnoses. */
  Investigations investigations();

  /** The stream of incident changes, each written in the transaction of its change. */
  IncidentEvents events();

  /** Durable leased work for the steps that act on incidents. */
  WorkQueue work();

  /** What is remembered of each incident for recall, with its embedding. */
  IncidentMemory memory();

  /** The postmortems written, every version. */
  Postmortems postmortems();

  /** What people said about incidents after the fact. */
  FeedbackStore feedback();

  /** The notifications decided on, and their delivery. */
  Outbox outbox();

  /** Remediation actions, their audit trail and the kill switch. */
  Remediations remediations();
}
