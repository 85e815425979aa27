package dev.firebreak.analysis.detect;

/**
 * Scores a multivariate time series with an isolation forest. Anomalies in metrics last: a
 * per-metric forest's feature scores are averaged over a short trailing window before the
 * most anomalous metric is taken, so one noisy point weighs less than a run of them. The same
 * scoring serves training (for the threshold) and detection.
 */
public final class SeriesScorer {

  private final IsolationForestModel model;
  private final int window;

  /** @param window trailing points averaged per metric; 1 for none */
  public SeriesScorer(IsolationForestModel model, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    this.model = model;
    this.window = window;
  }

  /** Per point and metric, the smoothed score; rows are points in time order. */
  public double[][] featureScores(double[][] rows) {
    int n = rows.length;
    double[][] raw = new double[n][];
    for (int i = 0; i < n; i++) {
      raw[i] = model.featureScores(rows[i]);
    }
    if (window == 1 || n == 0) {
      return raw;
    }
    int d = raw[0].length;
    double[][] smoothed = new double[n][d];
    double[] sum = new double[d];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < d; f++) {
        sum[f] += raw[i][f];
        if (i >= window) {
          sum[f] -= raw[i - window][f];
        }
        smoothed[i][f] = sum[f] / Math.min(i + 1, window);
      }
    }
    return smoothed;
  }

  /** Per point, the score: the most anomalous metric's (per-metric) or the sum (classic). */
  public double[] scores(double[][] rows) {
    double[][] features = featureScores(rows);
    double[] scores = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double value = 0;
      for (double s : features[i]) {
        value = model.perFeature() ? Math.max(value, s) : value + s;
      }
      scores[i] = value;
    }
    return scores;
  }

  /** The score flagging {@code contamination} of the training series' points. */
  public double threshold(double[][] trainingRows, double contamination) {
    return Thresholds.flagging(scores(trainingRows), contamination);
  }
}
