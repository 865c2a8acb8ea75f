package io.vicisync.config;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/**
 * Reads {@code /etc/asterisk/dids.conf}, the INI file this tool shares with the DID Optimizer's AGI
 * script. Its {@code [general]} section holds the API settings; an optional {@code [sync]} section
 * holds this tool's own. Copies without any section header are read as {@code [general]}.
 */
public final class DidsConf {
  private DidsConf() {}

  /** The settings found in {@code file}; empty when the file does not exist. */
  public static Optional<Map<String, ConfigValue>> read(Path file) {
    Optional<String> text = ConfigFiles.read(file, "--dids-conf");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Ini ini = parse(file, text.get());
    Map<String, ConfigValue> found = new LinkedHashMap<>();
    // the AGI script's parser ignores the case of section names: [General] is [general]
    Profile.Section general = section(ini, "general");
    if (general != null) {
      for (Setting setting : Setting.values()) {
        if (setting.didsKey() != null && !setting.inSyncSection()) {
          put(found, file, general, setting.didsName(), setting.key());
        }
      }
    }
    Profile.Section sync = section(ini, "sync");
    if (sync != null) {
      for (String key : sync.keySet()) {
        if (!Setting.syncKeys().contains(key)) {
          throw VicisyncException.config(
              file
                  + " [sync] "
                  + key
                  + ": unknown setting; known ones are "
                  + String.join(", ", Setting.syncKeys()));
        }
        put(found, file, sync, key, Setting.inSync(key).key());
      }
    }
    return Optional.of(found);
  }

  private static Profile.Section section(Ini ini, String name) {
    for (String n : ini.keySet()) {
      if (n.equalsIgnoreCase(name)) {
        return ini.get(n);
      }
    }
    return null;
  }

  private static void put(
      Map<String, ConfigValue> found, Path file, Profile.Section s, String key, String target) {
    String v = s.get(key);
    if (v != null) {
      found.put(target, new ConfigValue(v.strip(), file + " [" + s.getName() + "] " + key));
    }
  }

  private static Ini parse(Path file, String text) {
    StringBuilder cleaned = new StringBuilder();
    boolean sawSection = false;
    boolean sawSetting = false;
    for (String line : text.split("\r?\n", -1)) {
      String t = stripInlineComment(line).strip();
      if (t.startsWith("[")) {
        sawSection = true;
      } else if (!t.isEmpty() && !sawSection) {
        sawSetting = true;
      }
      cleaned.append(t).append('\n');
    }
    String body = (sawSetting ? "[general]\n" : "") + cleaned;
    Config config = new Config();
    config.setEscape(false); // API keys and passwords may hold backslashes
    config.setMultiOption(false);
    config.setMultiSection(false);
    Ini ini = new Ini();
    ini.setConfig(config);
    try {
      ini.load(new StringReader(body));
    } catch (InvalidFileFormatException e) {
      throw VicisyncException.config(
          file
              + ": not a valid INI file ("
              + e.getMessage().strip()
              + "); each line must be '[section]', 'key = value' or a comment");
    } catch (IOException e) {
      throw VicisyncException.config(file + ": cannot be read (" + e.getMessage() + ")");
    }
    return ini;
  }

  /** Drops a trailing {@code ; comment} or {@code # comment} that follows white space. */
  static String stripInlineComment(String line) {
    String t = line.strip();
    if (t.startsWith(";") || t.startsWith("#")) {
      return "";
    }
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == ';' || c == '#') && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
