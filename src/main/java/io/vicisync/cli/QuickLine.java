package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
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

  /** The commands read here. */
  static final Set<String> COMMANDS = Set.of("run", "check", "status");

  /** {@code command}, built without picocli; null when it is not one read here. */
  static SettingsCommand command(
      String command, Map<String, String> env, PrintStream out, PrintStream err) {
    return switch (command) {
      case "run" -> new RunCommand(env, out, err);
      case "check" -> new CheckCommand(env, out, err);
      case "status" -> new StatusCommand(env, out, err);
      default -> null;
    };
  }

  /** The options read here for {@code command}: each must be one of its own (QuickLineTest). */
  static Set<String> accepted(String command) {
    Set<String> names = new HashSet<>(WHERE);
    switch (command) {
      case "run" -> names.addAll(Set.of("--source", "--metrics-file")); // the README's cron lines
      case "check" -> {
        names.add("--source");
        names.addAll(THRESHOLDS);
      }
      case "status" -> names.addAll(Set.of("--source", "--json"));
      default -> names.clear();
    }
    return names;
  }

  /** The command {@code args} asks for, ready to call; empty: picocli reads it. */
  static Optional<Callable<Integer>> of(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    SettingsCommand c = args.length == 0 ? null : command(args[0], env, out, err);
    if (c == null) {
      return Optional.empty();
    }
    Set<String> known = accepted(args[0]);
    c.flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--json") && c instanceof StatusCommand s) {
        s.json = true;
        continue;
      }
      int eq = args[i].indexOf('=');
      String name = eq < 0 ? args[i] : args[i].substring(0, eq);
      String value = eq >= 0 ? args[i].substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
      if (!known.contains(name)
          || value.isEmpty()
          || value.startsWith("-")
          || !take(c, name, value)) {
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
