package dev.firebreak.analysis.model;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a series is named to a person: by what sets it apart — the metric, what is computed of
 * it, and the labels that distinguish it — not by the PromQL that fetched it. An alert's
 * {@code histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[2m])))}
 * reads {@code p99 http_request_duration_seconds {service=payments}}.
 */
public final class SeriesName {

  private static final Pattern QUANTILE =
      Pattern.compile("^\\s*histogram_quantile\\(\\s*(0?\\.\\d+|1(\\.0+)?)\\s*,");

  /** A selector: a metric name with its matchers, not a function call or a keyword. */
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?\\s*(?=[\\[{)\\s]|$)");

  private static final java.util.Set<String> NOT_METRICS =
      java.util.Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "le",
          "sum",
          "avg",
          "max",
          "min",
          "count",
          "rate",
          "irate",
          "increase");

  private SeriesName() {}

  /**
   * @param distinguishing which of the series' labels (name, value) set it apart (the caller knows its
   *     context: the incident's own labels, or a fixed list of what distinguishes series)
   */
  public static String of(MetricSeries series, BiPredicate<String, String> distinguishing) {
    Map<String, String> own = new TreeMap<>(series.labels());
    own.entrySet()
        .removeIf(
            label ->
                label.getKey().equals("__name__")
                    || !distinguishing.test(label.getKey(), label.getValue()));
    String what = what(series);
    return own.isEmpty() ? what : what + " " + own;
  }

  /** What the series measures, from its name and how its query computes it. */
  static String what(MetricSeries series) {
    String query = series.query().strip();
    String name = series.name();
    Matcher quantile = QUANTILE.matcher(query);
    if (quantile.find()) {
      double q = Double.parseDouble(quantile.group(1));
      String histogram = firstMetric(query.substring(quantile.end()));
      return "p"
          + stripZeros(String.format(Locale.ROOT, "%.1f", q * 100))
          + " "
          + (histogram == null ? name : histogram.replaceFirst("_bucket$", ""));
    }
    if (MetricUnit.isMetricName(name)) {
      return name;
    }
    // An expression: say which metrics it combines.
    int ratio = topLevelDivision(query);
    if (ratio > 0) {
      String over = selector(query.substring(0, ratio));
      String under = firstMetric(query.substring(ratio + 1));
      if (over != null && under != null) {
        return over + " / " + under;
      }
    }
    String first = selector(query);
    return first == null ? abbreviate(query) : first + " (expression)";
  }

  /** {@code by (le, service)} and the like name labels, not metrics. */
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

  /** The histogram a {@code histogram_quantile(…)} expression reads, or null. */
  static String histogramOf(String query) {
    Matcher quantile = QUANTILE.matcher(query);
    return quantile.find() ? firstMetric(query.substring(quantile.end())) : null;
  }

  /** Whether the expression divides a metric by itself: a share, such as an error ratio. */
  static boolean isSelfRatio(String query) {
    int ratio = topLevelDivision(query);
    if (ratio <= 0) {
      return false;
    }
    String over = firstMetric(query.substring(0, ratio));
    return over != null && over.equals(firstMetric(query.substring(ratio + 1)));
  }

  /** The first metric's name, without its matchers. */
  private static String firstMetric(String expression) {
    Matcher m = firstSelector(expression);
    return m == null ? null : m.group(1);
  }

  /** The first metric with its matchers: {@code http_requests_total{code=~"5.."}}. */
  private static String selector(String expression) {
    Matcher m = firstSelector(expression);
    return m == null ? null : m.group(1) + (m.group(2) == null ? "" : m.group(2).replace(" ", ""));
  }

  /** The first selector that is neither a keyword nor a function call, or null. */
  private static Matcher firstSelector(String expression) {
    String text = GROUPING.matcher(expression).replaceAll(" ");
    Matcher m = SELECTOR.matcher(text);
    while (m.find()) {
      boolean call = text.startsWith("(", m.end(1)) || text.startsWith(" (", m.end(1));
      if (!NOT_METRICS.contains(m.group(1)) && !call) {
        return m;
      }
    }
    return null;
  }

  /** Where a division outside parentheses splits the expression, or -1. */
  private static int topLevelDivision(String query) {
    int depth = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == '/' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String stripZeros(String number) {
    return number.contains(".") ? number.replaceAll("\\.?0+$", "") : number;
  }

  private static String abbreviate(String query) {
    String line = query.replaceAll("\\s+", " ");
    return line.length() <= 60 ? line : line.substring(0, 59) + "…";
  }
}
