package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import java.util.Map;
import picocli.CommandLine.Option;

/** How hard to push the database and the receiver; shared by every command that posts. */
final class SendOptions {
  @Option(names = "--batch-size", paramLabel = "N",
      description = "Rows per query. Default: 500.")
  String batchSize;

  @Option(names = "--max-in-flight", paramLabel = "N",
      description = "Posts under way at once. Default: 16.")
  String maxInFlight;

  @Option(names = "--max-rate", paramLabel = "PER_SECOND",
      description = "Posts per second at most; 0 for no limit. Default: 0.")
  String maxRate;

  @Option(names = "--no-enrich",
      description = "Send calls without callerId and the carrier's dialStatus (otherwise read"
          + " from vicidial_log_extended, vicidial_dial_log, vicidial_carrier_log when the user"
          + " may).")
  boolean noEnrich;

  void addTo(Map<String, ConfigValue> flags) {
    CommonOptions.put(flags, "sync.enrich", noEnrich ? "0" : null, "--no-enrich");
    CommonOptions.put(flags, "sync.batch_size", batchSize, "--batch-size");
    CommonOptions.put(flags, "sync.max_in_flight", maxInFlight, "--max-in-flight");
    CommonOptions.put(flags, "sync.max_rate", maxRate, "--max-rate");
  }
}
