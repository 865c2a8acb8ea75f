package io.vicisync.config;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads VICIdial's {@code /etc/astguiclient.conf} exactly as VICIdial's own scripts do
 * (bin/AST_VDauto_dial.pl and every other bin/ script, www/agc/dbconnect_mysqli.php): each line
 * loses every space, tab, {@code >}, CR and LF and everything from the first {@code #} or {@code
 * ;}; a line that then <em>starts with</em> a key sets it to what follows its <em>last</em> {@code
 * =}; and every such line overwrites the one before, so the last line of a key wins. Quotes are
 * kept, as VICIdial keeps them. On top of that, the hand-edited Perl form {@code $VARDB_server =>
 * 'localhost';} (which VICIdial's scripts skip) gives a key no plain line gives.
 */
public final class AstguiclientConf {
  private AstguiclientConf() {}

  /** VICIdial's own substitution, each match replaced by nothing (global). */
  private static final Pattern STRIP = Pattern.compile(" |>|\n|\r|\t|#.*|;.*");

  /**
   * One of vicisync's keys as the file gives it.
   *
   * @param key VICIdial's name ({@code VARDB_server})
   * @param lines every line that sets it, first to last (1-based); the last is used
   * @param value what VICIdial's scripts, and vicisync, use
   * @param caution why the value may not be what whoever wrote it meant (a {@code #}, {@code ;} or
   *     a space inside it); null when nothing is odd
   */
  public record Key(String key, List<Integer> lines, String value, String caution) {
    public boolean repeated() {
      return lines.size() > 1;
    }
  }

  /** The database settings found in {@code file}; empty when the file does not exist. */
  public static Optional<Map<String, ConfigValue>> read(Path file) {
    return inspect(file)
        .map(
            keys -> {
              Map<String, ConfigValue> found = new LinkedHashMap<>();
              for (Map.Entry<Setting, Key> e : keys.entrySet()) {
                Key k = e.getValue();
                found.put(
                    e.getKey().key(),
                    new ConfigValue(k.value(), file + " " + k.key(), k.caution()));
              }
              return found;
            });
  }

  /** Every key of vicisync's the file sets, with its lines; empty when the file does not exist. */
  public static Optional<Map<Setting, Key>> inspect(Path file) {
    return ConfigFiles.read(file, "--astguiclient-conf").map(text -> parse(file, text));
  }

  static Map<Setting, Key> parse(Path file, String text) {
    Map<Setting, List<Integer>> lines = new LinkedHashMap<>();
    Map<Setting, String> values = new LinkedHashMap<>();
    Map<Setting, String> cautions = new LinkedHashMap<>();
    Map<Setting, Key> perl = new LinkedHashMap<>();
    // Perl's <conf> splits at LF only; the CR of a CRLF file goes with the strip
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = STRIP.matcher(raw[i]).replaceAll("");
      if (line.startsWith("$")) {
        perlForm(file, i + 1, line.substring(1), perl);
        continue;
      }
      for (Setting st : Setting.values()) {
        String key = st.astguiclientKey();
        if (key == null || !line.startsWith(key)) {
          continue; // the file holds many other VICIdial settings; they are not ours
        }
        int eq = line.lastIndexOf('=');
        if (eq < 0) {
          // VICIdial's s/.*=// would leave the key's own name as the value: never meant
          throw VicisyncException.config(
              file
                  + " line "
                  + (i + 1)
                  + ": "
                  + key
                  + " has no value; write it as '"
                  + key
                  + " => value'");
        }
        lines.computeIfAbsent(st, x -> new ArrayList<>()).add(i + 1);
        values.put(st, line.substring(eq + 1));
        String caution = caution(raw[i], i + 1, key);
        if (caution == null) {
          cautions.remove(st);
        } else {
          cautions.put(st, caution);
        }
      }
    }
    Map<Setting, Key> found = new LinkedHashMap<>();
    for (Setting st : Setting.values()) {
      if (values.containsKey(st)) {
        found.put(
            st,
            new Key(
                st.astguiclientKey(),
                List.copyOf(lines.get(st)),
                values.get(st),
                cautions.get(st)));
      } else if (perl.containsKey(st)) {
        found.put(st, perl.get(st));
      }
    }
    return found;
  }

  /** {@code VARDB_server=>'localhost'} once stripped: exact keys, quotes dropped, last wins. */
  private static void perlForm(Path file, int number, String line, Map<Setting, Key> perl) {
    int eq = line.indexOf('=');
    String key = eq < 0 ? line : line.substring(0, eq);
    for (Setting st : Setting.values()) {
      if (!key.equals(st.astguiclientKey())) {
        continue;
      }
      if (eq < 0) {
        throw VicisyncException.config(
            file
                + " line "
                + number
                + ": $"
                + key
                + " has no value; write it as '"
                + key
                + " => value'");
      }
      Key before = perl.get(st);
      List<Integer> lines = new ArrayList<>(before == null ? List.of() : before.lines());
      lines.add(number);
      perl.put(st, new Key(key, List.copyOf(lines), unquote(line.substring(eq + 1)), null));
    }
  }

  /**
   * Why the raw line's value may differ from what was meant: VICIdial cuts it at a {@code #} or
   * {@code ;} and drops its spaces, so a password holding one never worked as written. A comment
   * after a space ({@code 1234 # cron's}) is a comment, not a cut.
   */
  static String caution(String raw, int number, String key) {
    int eq = raw.indexOf('=');
    if (eq < 0) {
      return null;
    }
    String v = raw.substring(eq + 1).replace("\r", "");
    if (v.startsWith(">")) {
      v = v.substring(1);
    }
    v = v.strip();
    for (int i = 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c == '#' || c == ';') && !Character.isWhitespace(v.charAt(i - 1))) {
        return key
            + " on line "
            + number
            + " holds a '"
            + c
            + "': VICIdial's scripts, and"
            + " vicisync, read only what comes before it";
      }
      if (c == '#' || c == ';') {
        v = v.substring(0, i).strip();
        break;
      }
    }
    if (v.length() >= 2
        && (v.charAt(0) == '\'' || v.charAt(0) == '"')
        && v.endsWith(v.substring(0, 1))) {
      return key
          + " on line "
          + number
          + " is in quotes: VICIdial's scripts, and vicisync, keep"
          + " them as part of the value";
    }
    if (v.chars().anyMatch(Character::isWhitespace)) {
      return key
          + " on line "
          + number
          + " holds a space: VICIdial's scripts, and vicisync, drop"
          + " it";
    }
    return null;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '\'' || v.charAt(0) == '"')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
