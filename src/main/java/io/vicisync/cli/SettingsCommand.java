package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.Settings;
import io.vicisync.config.SettingsLoader;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that loads the settings (files, environment, its flags) and hands them on. */
abstract class SettingsCommand implements Callable<Integer> {
  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;

  @Mixin CommonOptions common = new CommonOptions();

  SettingsCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** The settings, with this command's own flags added to the common ones by {@code more}. */
  Settings settings(boolean posts, java.util.function.Consumer<Map<String, ConfigValue>> more) {
    Map<String, ConfigValue> flags = new LinkedHashMap<>();
    common.addTo(flags);
    more.accept(flags);
    return SettingsLoader.load(new SettingsLoader.Sources(
        flags, env, common.astguiclientConf, common.didsConf, posts));
  }
}
