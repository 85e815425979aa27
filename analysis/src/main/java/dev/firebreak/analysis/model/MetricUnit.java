package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The unit a metric's values are in, read from its name as Prometheus' naming conventions put
 * it (base units as suffixes: {@code _bytes}, {@code _seconds}, {@code _ratio}, …; counters end
 * in {@code _total}), so that an explanation says "210 MiB → 726 MiB" rather than
 * "210062216 → 726163447". Names that carry no unit read as plain numbers with SI prefixes.
 */
public enum MetricUnit {
  BYTES,
  BYTES_PER_SECOND,
  SECONDS,
  SECONDS_PER_SECOND,
  /** CPU seconds per second: how many cores' worth of CPU. */
  CORES,
  TIMESTAMP_SECONDS,
  RATIO,
  PERCENT,
  CELSIUS,
  PER_SECOND,
  NONE;

  private static final Pattern BARE_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /**
   * {@code expiry - time()}, alone or with the alert's comparison still on it: a timestamp minus
   * now is the time left.
   */
  private static final Pattern TIME_LEFT =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})?\\s*-\\s*time\\(\\s*\\)(\\s*[<>!=]=?.*)?");

  /** Suffixes that keep the unit of what they add up; {@code _count}, {@code _bucket} count. */
  private static final Pattern SUM_SUFFIX = Pattern.compile("_(total|sum)$");

  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final String[] SI = {"", "k", "M", "G", "T", "P"};

  /** The unit of a series' values: its name, and whether its query takes a per-second rate. */
  public static MetricUnit of(MetricSeries series) {
    String query = series.query().stripLeading();
    boolean perSecond =
        query.startsWith("rate(")
            || query.startsWith("irate(")
            || (query.startsWith("sum(rate(") && series.name().endsWith("_total"));
    if (isTimeLeft(series.name())) {
      return SECONDS;
    }
    if (query.startsWith("histogram_quantile(")) {
      // A quantile is in the unit of what the histogram observes.
      String histogram =
          isMetricName(series.name()) ? series.name() : SeriesName.histogramOf(query);
      return histogram == null ? NONE : of(histogram.replaceFirst("_bucket$", ""), false);
    }
    if (!isMetricName(series.name()) && SeriesName.isSelfRatio(query)) {
      return RATIO; // errors over all requests: a share, whatever the metric's unit
    }
    return of(series.name(), perSecond);
  }

  /** Whether {@code name} is a metric's name rather than an expression. */
  public static boolean isMetricName(String name) {
    return BARE_NAME.matcher(name).matches();
  }

  /** Whether the expression is a timestamp metric minus {@code time()}: seconds left. */
  public static boolean isTimeLeft(String expression) {
    return TIME_LEFT.matcher(expression.strip()).matches();
  }

  /** The unit of metric {@code name}, or of its per-second rate. */
  public static MetricUnit of(String name, boolean perSecond) {
    if (!isMetricName(name)) {
      return NONE; // an expression: its unit is whatever it computes
    }
    if (name.endsWith("_count") || name.endsWith("_bucket")) {
      return perSecond ? PER_SECOND : NONE;
    }
    String base = SUM_SUFFIX.matcher(name).replaceFirst("");
    if (base.contains("timestamp") || base.endsWith("_time_seconds")) {
      return perSecond ? NONE : TIMESTAMP_SECONDS;
    }
    if (base.endsWith("_bytes")) {
      return perSecond ? BYTES_PER_SECOND : BYTES;
    }
    if (base.endsWith("_seconds")) {
      boolean cpuUsed = base.contains("cpu") && !base.contains("throttled");
      return perSecond ? (cpuUsed ? CORES : SECONDS_PER_SECOND) : SECONDS;
    }
    if (perSecond) {
      return PER_SECOND;
    }
    // Micrometer's process_cpu_usage and system_cpu_usage are shares of the machine, 0 to 1.
    if (base.endsWith("_ratio") || base.endsWith("cpu_usage") || base.endsWith("cpu_utilization")) {
      return RATIO;
    }
    if (base.endsWith("_percent")) {
      return PERCENT;
    }
    if (base.endsWith("_celsius")) {
      return CELSIUS;
    }
    return NONE;
  }

  /** A value in this unit as a person reads it, to three significant digits. */
  public String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
    return switch (this) {
      case BYTES -> scaled(value, 1024, BINARY, "");
      case BYTES_PER_SECOND -> scaled(value, 1024, BINARY, "/s");
      case SECONDS -> duration(value);
      case SECONDS_PER_SECOND -> duration(value) + "/s";
      case CORES -> significant(value) + (value == 1 ? " core" : " cores");
      case TIMESTAMP_SECONDS -> Instant.ofEpochMilli(Math.round(value * 1000)).toString();
      case RATIO -> significant(value * 100) + "%";
      case PERCENT -> significant(value) + "%";
      case CELSIUS -> significant(value) + " °C";
      case PER_SECOND -> scaled(value, 1000, SI, "/s");
      case NONE -> scaled(value, 1000, SI, "");
    };
  }

  private static String duration(double seconds) {
    double abs = Math.abs(seconds);
    if (abs == 0) {
      return "0 s";
    }
    if (abs < 1e-3) {
      return significant(seconds * 1e6) + " µs";
    }
    if (abs < 1) {
      return significant(seconds * 1e3) + " ms";
    }
    if (abs < 120) {
      return significant(seconds) + " s";
    }
    if (abs < 2 * 3600) {
      return significant(seconds / 60) + " min";
    }
    if (abs < 2 * 86400) {
      return significant(seconds / 3600) + " h";
    }
    return significant(seconds / 86400) + " d";
  }

  private static String scaled(double value, double step, String[] prefixes, String suffix) {
    int power = 0;
    double scaled = value;
    // Plain numbers stay as they are up to 10,000: 877 requests read better than 0.877k.
    double from = prefixes == SI ? 1e4 : step;
    if (Math.abs(value) >= from) {
      while (Math.abs(scaled) >= step && power < prefixes.length - 1) {
        scaled /= step;
        power++;
      }
    }
    String unit = prefixes[power];
    String number = significant(scaled);
    if (prefixes == BINARY) {
      return number + " " + unit + suffix;
    }
    return number + unit + suffix;
  }

  /** Three significant digits, without trailing zeros or exponent notation. */
  static String significant(double value) {
    if (value == 0) {
      return "0";
    }
    double abs = Math.abs(value);
    int decimals =
        abs >= 100
            ? 0
            : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(12, 2 - (int) Math.floor(Math.log10(abs)));
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    if (text.contains(".")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return text;
  }
}
