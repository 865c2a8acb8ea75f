package io.vicisync.config;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads VICIdial's {@code /etc/astguiclient.conf} the way VICIdial's own Perl scripts do: spaces,
 * tabs and {@code >} are dropped and anything after {@code #} or {@code ;} is a comment. On top of
 * that, the hand-edited Perl form {@code $VARDB_server => 'localhost';} is accepted.
 */
public final class AstguiclientConf {
  private AstguiclientConf() {}

  /** The database settings found in {@code file}; empty when the file does not exist. */
  public static Optional<Map<String, ConfigValue>> read(Path file) {
    Optional<String> text = ConfigFiles.read(file, "--astguiclient-conf");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<String> lines = text.get().lines().toList();
    Map<String, ConfigValue> found = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceAll("[ \\t>]|#.*|;.*", "");
      if (line.startsWith("$")) {
        line = line.substring(1);
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      String target =
          Arrays.stream(Setting.values())
              .filter(st -> key.equals(st.astguiclientKey()))
              .map(Setting::key)
              .findFirst()
              .orElse(null);
      if (target == null) {
        continue; // the file holds many other VICIdial settings; they are not ours
      }
      if (eq < 0) {
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
      String value = unquote(line.substring(eq + 1));
      // VICIdial's scripts take the first occurrence; so do we.
      found.putIfAbsent(target, new ConfigValue(value, file + " " + key));
    }
    return Optional.of(found);
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
