package dev.firebreak.learning.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;

/** The model opened from its extracted file embeds as LangChain4j's own class does. */
class MiniLmEmbedderTest {

  @Test
  void embedsLikeLangChain4jsModelAndRanksRelatedTextsCloser() {
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    String text = "checkout 5xx errors after the 2.3 deploy; rolled back";
    float[] ours = embedder.embed(text);
    float[] theirs =
        Vectors.normalized(new AllMiniLmL6V2EmbeddingModel().embed(text).content().vector());

    assertThat(ours).hasSize(384);
    assertThat(Vectors.dot(ours, theirs, 0)).isGreaterThan(0.9999f);
    float related =
        Vectors.dot(ours, embedder.embed("errors in checkout since the new release"), 0);
    float unrelated =
        Vectors.dot(ours, embedder.embed("the certificate of the mail relay expired"), 0);
    assertThat(related).isGreaterThan(unrelated + 0.2f);
  }
}
