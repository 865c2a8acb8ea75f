package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.Setting;
import io.vicisync.config.Settings;
import io.vicisync.config.SettingsLoader;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

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

  @Spec CommandSpec spec;

  /** The settings' flags when the command was built without picocli ({@code Main.cronRun}). */
  Map<String, ConfigValue> flags;

  /**
   * The settings, with every option given on this command line that names a {@link Setting}
   * overriding the files and the environment; {@code posts}: an API key is required.
   */
  Settings settings(boolean posts) {
    return settings(posts, false);
  }

  /** {@code follow}: with the resident command's defaults. */
  Settings settings(boolean posts, boolean follow) {
    return SettingsLoader.load(
        new SettingsLoader.Sources(
            flags(),
            env,
            common.astguiclientConf,
            common.didsConf,
            posts,
            follow,
            common.instance(env)));
  }

  /** The settings given on the command line, by key, whichever way the line was read. */
  Map<String, ConfigValue> flags() {
    // no spec: built without picocli by QuickLine, which read the flags itself
    Map<String, ConfigValue> flags =
        this.flags != null ? new LinkedHashMap<>(this.flags) : new LinkedHashMap<>();
    for (OptionSpec o :
        spec == null
            ? List.<OptionSpec>of()
            : spec.commandLine().getParseResult().matchedOptions()) {
      Setting.byFlag(o.longestName())
          .ifPresent(
              st ->
                  flags.put(
                      st.key(),
                      new ConfigValue(
                          o.typeInfo().isBoolean()
                              ? st.switchValue()
                              : String.valueOf(o.<Object>getValue()),
                          o.longestName())));
    }
    return flags;
  }
}
