/**
 * Incident memory: embeddings of resolved incidents, the vector index, similar-incident recall,
 * outcome statistics and the postmortem writer. It talks to the ports in {@code analysis} only.
 */
package dev.firebreak.learning;
