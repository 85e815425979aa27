package dev.firebreak.learning.embed;

/** Turns text into a unit-length vector; vectors of one model are comparable by dot product. */
public interface Embedder {

  /** The model's name, stored with each vector so a change of model is noticed. */
  String model();

  int dimension();

  float[] embed(String text);
}
