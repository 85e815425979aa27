package dev.firebreak.learning.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * all-MiniLM-L6-v2 in-process through LangChain4j and ONNX Runtime: the model and tokenizer ship
 * in the jar, nothing is downloaded. Loading takes about two seconds, so it happens on first use.
 * Its tokenizer keeps the beginning of a long text (the model's window), which is where a
 * postmortem or an incident document states what happened: documents put that first.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL = "all-MiniLM-L6-v2";

  /** One per process: the model is immutable, thread-safe, and 90 MB once loaded. */
  private static volatile AllMiniLmL6V2EmbeddingModel model;

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    float[] vector = loaded().embed(text.isBlank() ? "(empty)" : text).content().vector();
    return Vectors.normalized(vector);
  }

  private AllMiniLmL6V2EmbeddingModel loaded() {
    AllMiniLmL6V2EmbeddingModel current = model;
    if (current == null) {
      synchronized (MiniLmEmbedder.class) {
        if (model == null) {
          // DJL's tokenizer "calls home" (the EC2 metadata address, then Amazon) when it starts and
          // may download native libraries: neither is allowed here, and both are switched off.
          System.setProperty("OPT_OUT_TRACKING", "true");
          System.setProperty("ai.djl.offline", "true");
          model = new AllMiniLmL6V2EmbeddingModel();
        }
        current = model;
      }
    }
    return current;
  }
}
