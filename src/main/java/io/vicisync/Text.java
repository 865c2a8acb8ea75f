package io.vicisync;

/**
 * Text from outside (database values, the receiver's answers, file contents) made safe for one log
 * line: a newline or an ANSI escape in a phone number must not forge a line in the log or rewrite
 * the terminal of whoever tails it.
 */
public final class Text {
  private Text() {}

  /**
   * {@code s} with every control character (C0, DEL, C1) written as {@code \xNN} (newline and tab
   * as {@code \n} and {@code \t}), cut to {@code max} characters with "…". Null stays "null".
   */
  public static String oneLine(String s, int max) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 8);
    int i = 0;
    for (; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (i < s.length()) {
      b.setLength(Math.min(b.length(), max));
      b.append('…');
    }
    return b.toString();
  }

  /** A span of seconds as a person says it: 40 s, 12 min, 2 h, 3 days, 79 years. */
  public static String duration(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172_800) {
      return seconds / 3600 + " h";
    }
    return seconds < 2 * 31_556_952L
        ? seconds / 86_400 + " days"
        : seconds / 31_556_952L + " years";
  }

  /** {@link #oneLine(String, int)} without a length limit. */
  public static String safe(String s) {
    return oneLine(s, Integer.MAX_VALUE);
  }
}
