package io.vicisync.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;

/**
 * stdout and stderr for a terminal or a mail that cannot show UTF-8 (cron runs with no LANG, or
 * LANG=C): vicisync's own marks, which would arrive as '?', are written in ASCII instead. The log
 * file is always UTF-8 and keeps them.
 */
final class PlainText extends PrintStream {
  private static final String[][] MARKS = {
    {"✓", "ok"},
    {"✗", "x"},
    {"⚠", "!"},
    {"→", "->"},
    {"←", "<-"},
    {"↻", "~"},
    {"↳", "->"},
    {"≠", "!="},
    {"≥", ">="},
    {"…", "..."},
    {"·", "-"},
    {"—", "-"},
    {"–", "-"}
  };

  private PlainText(PrintStream out, Charset charset) {
    super(out, true, charset);
  }

  /**
   * The charset Java writes a standard stream in. Java 18 and later make UTF-8 the default charset
   * whatever the locale and name the stream's own in {@code stdout.encoding} / {@code
   * stderr.encoding} (the self-contained tarball's runtime is such a Java); Java 17's default
   * charset is the locale's.
   */
  static Charset streamCharset(String property) {
    String name = System.getProperty(property);
    try {
      if (name != null && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    } catch (IllegalArgumentException e) {
      // an odd name: the default charset, as on Java 17
    }
    return Charset.defaultCharset();
  }

  /** {@code out} itself where {@code charset} shows the marks; otherwise one that spells them. */
  static PrintStream fit(PrintStream out, Charset charset) {
    CharsetEncoder e = charset.newEncoder();
    for (String[] m : MARKS) {
      if (!e.canEncode(m[0])) {
        return new PlainText(out, charset);
      }
    }
    return out;
  }

  static String ascii(String s) {
    String t = s;
    for (String[] m : MARKS) {
      t = t.replace(m[0], m[1]);
    }
    return t;
  }

  @Override
  public void print(String s) {
    super.print(s == null ? null : ascii(s));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }

  @Override
  public void print(char[] s) {
    print(new String(s));
  }

  @Override
  public void print(char c) {
    print(String.valueOf(c));
  }
}
