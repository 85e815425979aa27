package dev.firebreak.analysis.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.evaluation.AnomalyEvaluation;
import org.tribuo.anomaly.evaluation.AnomalyEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class IsolationForestTest {

  private static final String[] NAMES = {"cpu", "latency", "errors"};

  /** Normal points around (0.5, 100, 1); anomalies have latency 400 (label ANOMALOUS). */
  private static MutableDataset<Event> data(int normal, int anomalous, long seed) {
    AnomalyFactory factory = new AnomalyFactory();
    MutableDataset<Event> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
    Random random = new Random(seed);
    for (int i = 0; i < normal; i++) {
      dataset.add(
          example(
              AnomalyFactory.EXPECTED_EVENT,
              0.5 + 0.05 * random.nextGaussian(),
              100 + 5 * random.nextGaussian(),
              1 + 0.2 * random.nextGaussian()));
    }
    for (int i = 0; i < anomalous; i++) {
      dataset.add(
          example(
              AnomalyFactory.ANOMALOUS_EVENT,
              0.5 + 0.05 * random.nextGaussian(),
              400 + 5 * random.nextGaussian(),
              1 + 0.2 * random.nextGaussian()));
    }
    return dataset;
  }

  private static Example<Event> example(Event label, double... values) {
    return new ArrayExample<>(label, NAMES, values);
  }

  @Test
  void model_flagsTheAnomaliesAndTribuosEvaluatorScoresIt() {
    for (IsolationForestTrainer trainer :
        new IsolationForestTrainer[] {
          IsolationForestTrainer.defaults(7), IsolationForestTrainer.defaults(7).perFeature()
        }) {
      IsolationForestModel model = (IsolationForestModel) trainer.train(data(2000, 0, 1));
      AnomalyEvaluation evaluation = new AnomalyEvaluator().evaluate(model, data(500, 50, 2));
      assertThat(evaluation.getRecall()).as(trainer.toString()).isEqualTo(1.0);
      assertThat(evaluation.getPrecision()).as(trainer.toString()).isGreaterThan(0.5);
      assertThat(model.getProvenance().getTrainerProvenance().toString())
          .contains("IsolationForestTrainer");
    }
  }

  @Test
  void attribution_namesTheFeatureThatMoved() {
    IsolationForestModel model =
        (IsolationForestModel)
            IsolationForestTrainer.defaults(3).perFeature().train(data(2000, 0, 1));
    Map<String, Double> shares =
        model.attribution(example(AnomalyFactory.UNKNOWN_EVENT, 0.5, 400, 1));
    assertThat(shares.keySet().iterator().next()).isEqualTo("latency");
    IsolationForestModel classic =
        (IsolationForestModel) IsolationForestTrainer.defaults(3).train(data(2000, 0, 1));
    assertThat(
            classic
                .attribution(example(AnomalyFactory.UNKNOWN_EVENT, 0.5, 400, 1))
                .keySet()
                .iterator()
                .next())
        .isEqualTo("latency");
    assertThat(classic.getTopFeatures(2).values().iterator().next()).hasSize(2);
  }

  @Test
  void training_isReproducibleBySeedAndSurvivesSerialisation() throws Exception {
    Example<Event> probe = example(AnomalyFactory.UNKNOWN_EVENT, 0.7, 130, 2);
    IsolationForestModel first =
        (IsolationForestModel) IsolationForestTrainer.defaults(11).train(data(1000, 0, 1));
    IsolationForestModel second =
        (IsolationForestModel) IsolationForestTrainer.defaults(11).train(data(1000, 0, 1));
    double score = first.predict(probe).getOutput().getScore();
    assertThat(second.predict(probe).getOutput().getScore()).isEqualTo(score);
    assertThat(score).isBetween(0.0, 1.0);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(first);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      IsolationForestModel restored = (IsolationForestModel) in.readObject();
      assertThat(restored.predict(probe).getOutput().getScore()).isEqualTo(score);
      assertThat(restored.threshold()).isEqualTo(first.threshold());
    }
  }

  @Test
  void threshold_followsContaminationOrAFixedScore() {
    MutableDataset<Event> train = data(2000, 0, 1);
    IsolationForestModel model =
        (IsolationForestModel) new IsolationForestTrainer(100, 256, 0.05, 5).train(train);
    long flagged = 0;
    for (Example<Event> example : train) {
      if (model.predict(example).getOutput().getType() == Event.EventType.ANOMALOUS) {
        flagged++;
      }
    }
    assertThat(flagged).isBetween(80L, 120L);
    IsolationForestModel fixed =
        (IsolationForestModel)
            new IsolationForestTrainer(100, 256, 0.05, 5).withScoreThreshold(0.9).train(train);
    assertThat(fixed.threshold()).isEqualTo(0.9);
  }

  @Test
  void seriesScorer_smoothsPerMetricAndFindsARun() {
    IsolationForestModel model =
        (IsolationForestModel)
            IsolationForestTrainer.defaults(3).perFeature().train(data(2000, 0, 1));
    assertThat(model.featureNames()).containsExactly("cpu", "errors", "latency");
    double[][] series = new double[60][];
    for (int i = 0; i < series.length; i++) {
      series[i] = new double[] {0.5, 1, i >= 40 ? 400 : 100};
    }
    SeriesScorer scorer = new SeriesScorer(model, 3);
    double[] scores = scorer.scores(series);
    assertThat(scores[42]).isGreaterThan(scores[39] + 0.2);
    assertThat(scores[40]).isLessThan(scores[42]); // one point of three is in the run
  }
}
