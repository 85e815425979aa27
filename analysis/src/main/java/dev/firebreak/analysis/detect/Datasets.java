package dev.firebreak.analysis.detect;

import java.util.Locale;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Training data for the forest from plain rows of numbers. */
public final class Datasets {

  private Datasets() {}

  /**
   * Rows as EXPECTED events with features named {@code f0000}, {@code f0001}, …: Tribuo orders
   * features by name, so these keep the columns' order, and dense vectors given to
   * {@link IsolationForestModel#score} or {@link SeriesScorer} can use the same rows.
   *
   * @param description what the rows are, for the dataset's provenance
   */
  public static MutableDataset<Event> expected(String description, double[][] rows) {
    AnomalyFactory factory = new AnomalyFactory();
    MutableDataset<Event> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(description, factory), factory);
    String[] names = new String[rows.length == 0 ? 0 : rows[0].length];
    for (int f = 0; f < names.length; f++) {
      names[f] = String.format(Locale.ROOT, "f%04d", f);
    }
    for (double[] row : rows) {
      dataset.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, names, row.clone()));
    }
    return dataset;
  }
}
