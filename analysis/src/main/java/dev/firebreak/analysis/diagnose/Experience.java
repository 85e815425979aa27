package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Incident;

/**
 * What past incidents say about a new diagnosis: how often people corrected each cause, and
 * which causes near-identical past incidents turned out to have. It may reweigh the hypotheses
 * the evidence produced, saying why in each explanation; it never adds a cause the evidence does
 * not support.
 */
@FunctionalInterface
public interface Experience {

  Experience NONE = (incident, diagnosis) -> diagnosis;

  Diagnosis apply(Incident incident, Diagnosis diagnosis);
}
