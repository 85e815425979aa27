package dev.firebreak.learning.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firebreak.analysis.model.MemoryDocument;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A postmortem a team wrote, read from Markdown so that recall is useful on day one. YAML front
 * matter ({@code title}, {@code summary}, {@code categories}, {@code keywords}, {@code product}
 * or {@code service}, {@code date}) is used when present; otherwise the first heading is the
 * title and the first paragraph the summary.
 *
 * @param categories the front matter's categories, kept for evaluation and display
 */
public record MarkdownPostmortem(
    String name,
    String title,
    String summary,
    List<String> categories,
    List<String> keywords,
    String service,
    Instant date,
    String body) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public MarkdownPostmortem {
    categories = List.copyOf(categories);
    keywords = List.copyOf(keywords);
  }

  /**
   * Reads one file's text.
   *
   * @param fallbackDate when the postmortem does not say when it happened
   * @throws IllegalArgumentException when the front matter is not valid YAML
   */
  public static MarkdownPostmortem parse(String name, String markdown, Instant fallbackDate) {
    String text = markdown.replace("\r\n", "\n");
    JsonNode front = null;
    String body = text;
    if (text.startsWith("---\n")) {
      int end = text.indexOf("\n---", 4);
      if (end > 0) {
        try {
          front = YAML.readTree(text.substring(4, end));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              name + ": front matter is not valid YAML: " + e.getMessage(), e);
        }
        int next = text.indexOf('\n', end + 4);
        body = next < 0 ? "" : text.substring(next + 1);
      }
    }
    String title = field(front, "title");
    if (title.isEmpty()) {
      title = firstHeading(body);
    }
    if (title.isEmpty()) {
      title = name;
    }
    String summary = field(front, "summary");
    if (summary.isEmpty()) {
      summary = firstParagraph(body);
    }
    String service = field(front, "service");
    if (service.isEmpty()) {
      service = field(front, "product");
    }
    return new MarkdownPostmortem(
        name,
        title,
        summary,
        list(front, "categories"),
        list(front, "keywords"),
        service,
        date(field(front, "date"), fallbackDate),
        body.strip());
  }

  /** The memory document recall searches: title, summary, keywords and the whole text. */
  public MemoryDocument document(Instant now) {
    String text =
        summary
            + (keywords.isEmpty() ? "" : "\nKeywords: " + String.join(", ", keywords))
            + "\n"
            + body;
    return new MemoryDocument(
        "postmortem:" + name, null, title, text, service, "", summary, true, date, now, name);
  }

  private static String field(JsonNode front, String name) {
    if (front == null || !front.hasNonNull(name) || !front.get(name).isValueNode()) {
      return "";
    }
    return front.get(name).asText().strip();
  }

  private static List<String> list(JsonNode front, String name) {
    List<String> values = new ArrayList<>();
    if (front != null && front.get(name) != null && front.get(name).isArray()) {
      front.get(name).forEach(value -> values.add(value.asText().strip()));
    }
    return values;
  }

  private static Instant date(String text, Instant fallback) {
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException again) {
        return fallback;
      }
    }
  }

  private static String firstHeading(String body) {
    for (String line : body.split("\n")) {
      if (line.startsWith("#")) {
        return line.replaceFirst("^#+\\s*", "").strip();
      }
    }
    return "";
  }

  private static String firstParagraph(String body) {
    StringBuilder paragraph = new StringBuilder();
    for (String line : body.split("\n")) {
      if (line.startsWith("#")) {
        if (paragraph.length() > 0) {
          break;
        }
        continue;
      }
      if (line.isBlank()) {
        if (paragraph.length() > 0) {
          break;
        }
        continue;
      }
      paragraph.append(paragraph.length() == 0 ? "" : " ").append(line.strip());
    }
    return paragraph.toString();
  }
}
