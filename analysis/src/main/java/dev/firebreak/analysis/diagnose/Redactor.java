package dev.firebreak.analysis.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what must not leave the building before a prompt is sent: credentials and tokens,
 * email addresses and IP addresses (each kind can be kept by configuration). What is removed
 * is replaced by a marker naming the kind, so the model still sees that something was there.
 */
public final class Redactor {

  /** What can be redacted. */
  public enum Kind {
    SECRETS,
    EMAILS,
    IPS
  }

  private static final List<Pattern> SECRETS =
      List.of(
          // key=value and key: value pairs whose key says what the value is
          Pattern.compile(
              "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|"
                  + "access[_-]?key|auth|authorization|credential|private[_-]?key)[\"']?\\s*[:=]\\s*"
                  + "[\"']?)([^\\s\"',;&]+)"),
          Pattern.compile("(?i)(bearer\\s+)([A-Za-z0-9._~+/=-]{8,})"),
          Pattern.compile("(?i)(basic\\s+)([A-Za-z0-9+/=]{8,})"),
          // JWTs, AWS access keys, GitHub and Slack tokens, PEM blocks
          Pattern.compile("()(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})"),
          Pattern.compile("()(\\bA(?:KIA|SIA)[0-9A-Z]{16}\\b)"),
          Pattern.compile("()(\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}))"),
          Pattern.compile(
              "()(-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE"
                  + " KEY-----)"),
          // userinfo in URLs
          Pattern.compile("(\\w+://[^/\\s:@]+:)([^/\\s@]+)(?=@)"));
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "\\b(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}\\b");
  private static final Pattern IPV6 =
      Pattern.compile("\\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b");

  private final Set<Kind> kinds;

  public Redactor(Set<Kind> kinds) {
    this.kinds = Set.copyOf(kinds);
  }

  public static Redactor all() {
    return new Redactor(Set.of(Kind.values()));
  }

  public String redact(String text) {
    String result = text;
    if (kinds.contains(Kind.SECRETS)) {
      for (Pattern pattern : SECRETS) {
        Matcher matcher = pattern.matcher(result);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
          matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + "<secret>"));
        }
        matcher.appendTail(out);
        result = out.toString();
      }
    }
    if (kinds.contains(Kind.EMAILS)) {
      result = EMAIL.matcher(result).replaceAll("<email>");
    }
    if (kinds.contains(Kind.IPS)) {
      result = IPV4.matcher(result).replaceAll("<ip>");
      result = IPV6.matcher(result).replaceAll("<ip>");
    }
    return result;
  }

  public List<String> redact(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    texts.forEach(text -> out.add(redact(text)));
    return out;
  }
}
