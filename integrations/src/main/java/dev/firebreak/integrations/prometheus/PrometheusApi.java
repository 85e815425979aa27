package dev.firebreak.integrations.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.EvidenceSourceException.Reason;
import dev.firebreak.analysis.port.ExchangeRecorder;
import dev.firebreak.integrations.http.SourceHttp;
import dev.firebreak.integrations.http.SourceJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The parts of the Prometheus HTTP API ({@code /api/v1}) investigations use. Errors come as
 * a JSON envelope with {@code errorType} (bad_data 400, execution 422, timeout 503) or, from a
 * proxy in front, as anything at all; both become an {@link EvidenceSourceException}.
 */
final class PrometheusApi {

  /** The server refuses ranges of more points than this per series. */
  static final int MAX_POINTS = 11_000;

  private final SourceHttp http;
  private final long maxBytes;
  private final ExchangeRecorder recorder;

  PrometheusApi(SourceHttp http, long maxBytes, ExchangeRecorder recorder) {
    this.http = http;
    this.maxBytes = maxBytes;
    this.recorder = recorder;
  }

  /** One series of a range query. */
  record RangeSeries(Map<String, String> labels, List<Sample> samples) {}

  List<RangeSeries> queryRange(String query, Instant start, Instant end, Duration step) {
    HttpUrl url =
        http.url("api/v1/query_range")
            .addQueryParameter("query", query)
            .addQueryParameter("start", seconds(start))
            .addQueryParameter("end", seconds(end))
            .addQueryParameter("step", seconds(step))
            .build();
    JsonNode data = data(url);
    String type = SourceJson.text(data, "resultType", "");
    if (!type.equals("matrix")) {
      throw SourceJson.malformed(
          http.source(), "query_range answered a " + type + " where a matrix was expected");
    }
    List<RangeSeries> series = new ArrayList<>();
    for (JsonNode item : SourceJson.require(http.source(), data, "result", "the data")) {
      List<Sample> samples = new ArrayList<>();
      JsonNode values = item.get("values");
      if (values != null) {
        for (JsonNode pair : values) {
          samples.add(sample(pair));
        }
      }
      series.add(new RangeSeries(labels(item.get("metric")), samples));
    }
    return series;
  }

  /** One series of an instant query: its labels and value. */
  record InstantSeries(Map<String, String> labels, double value) {}

  /** An instant query at {@code at}; a scalar answer is one series without labels. */
  List<InstantSeries> query(String query, Instant at) {
    HttpUrl url =
        http.url("api/v1/query")
            .addQueryParameter("query", query)
            .addQueryParameter("time", seconds(at))
            .build();
    JsonNode data = data(url);
    String type = SourceJson.text(data, "resultType", "");
    JsonNode result = SourceJson.require(http.source(), data, "result", "the data");
    List<InstantSeries> series = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode item : result) {
          series.add(
              new InstantSeries(labels(item.get("metric")), sample(item.get("value")).value()));
        }
      }
      case "scalar" -> series.add(new InstantSeries(Map.of(), sample(result).value()));
      default ->
          throw SourceJson.malformed(
              http.source(), "query answered a " + type + " where a vector was expected");
    }
    return series;
  }

  /** The label sets of the series matching {@code selector} in the window. */
  List<Map<String, String>> series(String selector, Instant start, Instant end) {
    HttpUrl url =
        http.url("api/v1/series")
            .addQueryParameter("match[]", selector)
            .addQueryParameter("start", seconds(start))
            .addQueryParameter("end", seconds(end))
            .build();
    JsonNode data = data(url);
    if (!data.isArray()) {
      throw SourceJson.malformed(http.source(), "series answered no list");
    }
    List<Map<String, String>> result = new ArrayList<>();
    for (JsonNode item : data) {
      result.add(labels(item));
    }
    return result;
  }

  private JsonNode data(HttpUrl url) {
    SourceHttp.Answer answer = http.get(url, maxBytes, recorder);
    JsonNode body = SourceJson.parse(http.source(), answer.body());
    if (!"success".equals(SourceJson.text(body, "status", ""))) {
      throw new EvidenceSourceException(
          http.source(),
          Reason.HTTP_ERROR,
          answer.status(),
          SourceJson.text(body, "errorType", "error") + ": " + SourceJson.text(body, "error", ""));
    }
    return SourceJson.require(http.source(), body, "data", "the answer");
  }

  private Sample sample(JsonNode pair) {
    if (!pair.isArray() || pair.size() < 2) {
      throw SourceJson.malformed(http.source(), "a sample is not [time, \"value\"]");
    }
    BigDecimal seconds = pair.get(0).decimalValue();
    Instant at =
        Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    return new Sample(at, value(pair.get(1).asText()));
  }

  /** Sample values are strings so that they can carry NaN and the infinities. */
  static double value(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (metric != null) {
      for (Map.Entry<String, JsonNode> field : metric.properties()) {
        labels.put(field.getKey(), field.getValue().asText());
      }
    }
    return labels;
  }

  static String seconds(Instant at) {
    return BigDecimal.valueOf(at.getEpochSecond())
        .add(BigDecimal.valueOf(at.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }
}
