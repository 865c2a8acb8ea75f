package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command lines that run every minute or every few (cron's {@code run}, NRPE's {@code check},
 * an administrator's {@code status}), read without picocli: building a command model costs more CPU
 * than an idle run itself. Only options with a plain value are read here, and {@code status
 * --json}; any other word, or a value that does not parse, goes to picocli, whose help and errors
 * stay the program's.
 */
final class QuickLine {
  private QuickLine() {}

  /** Where an installation's files are: every command takes these. */
  private static final Set<String> WHERE =
      Set.of("--instance", "--astguiclient-conf", "--dids-conf", "--state-dir", "--log-file");

  /** check's thresholds, read as whole seconds. */
  private static final Set<String> THRESHOLDS =
      Set.of("--warn-lag", "--crit-lag", "--max-age", "--timeout");

  /** The command {@code args} asks for, ready to call; empty: picocli reads it. */
  static Optional<Callable<Integer>> of(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      return Optional.empty();
    }
    SettingsCommand c;
    Set<String> also;
    switch (args[0]) {
      case "run" -> {
        c = new RunCommand(env, out, err);
        also = Set.of("--source", "--metrics-file"); // the README's cron lines
      }
      case "check" -> {
        c = new CheckCommand(env, out, err);
        also = Set.of("--source");
      }
      case "status" -> {
        c = new StatusCommand(env, out, err);
        also = Set.of("--source", "--json");
      }
      default -> {
        return Optional.empty();
      }
    }
    c.flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--json") && c instanceof StatusCommand s) {
        s.json = true;
        continue;
      }
      int eq = args[i].indexOf('=');
      String name = eq < 0 ? args[i] : args[i].substring(0, eq);
      String value = eq >= 0 ? args[i].substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
      boolean known =
          WHERE.contains(name)
              || also.contains(name)
              || (c instanceof CheckCommand && THRESHOLDS.contains(name));
      if (!known || value.isEmpty() || value.startsWith("-") || !take(c, name, value)) {
        return Optional.empty();
      }
    }
    return Optional.of(c);
  }

  /** Sets option {@code name} of {@code c}; false when its value does not parse. */
  private static boolean take(SettingsCommand c, String name, String value) {
    switch (name) {
      case "--instance" -> c.common.instance = value;
      case "--astguiclient-conf" -> c.common.astguiclientConf = Path.of(value);
      case "--dids-conf" -> c.common.didsConf = Path.of(value);
      default -> {
        if (c instanceof CheckCommand check && THRESHOLDS.contains(name)) {
          if (!value.chars().allMatch(Character::isDigit) || value.length() > 12) {
            return false;
          }
          long n = Long.parseLong(value);
          switch (name) {
            case "--warn-lag" -> check.warnLag = n;
            case "--crit-lag" -> check.critLag = n;
            case "--max-age" -> check.maxAge = n;
            default -> check.timeout = n;
          }
        } else {
          c.flags.put(Setting.byFlag(name).orElseThrow().key(), new ConfigValue(value, name));
        }
      }
    }
    return true;
  }
}
