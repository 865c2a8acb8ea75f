package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --source}: which VICIdial call logs a command works on. */
final class SourceOption {
  @Option(names = "--source", paramLabel = "outbound|inbound|both",
      description = "Which calls: vicidial_log (outbound), vicidial_closer_log (inbound), or"
          + " both, each with its own checkpoint and ledger. Default: [sync] source, else"
          + " outbound.")
  String source;

  void addTo(Map<String, ConfigValue> flags) {
    CommonOptions.put(flags, "sync.source", source, "--source");
  }
}
