package io.vicisync.cli;

import picocli.CommandLine.Option;

/** How hard to push the database and the receiver; shared by every command that posts. */
final class SendOptions {
  @Option(names = "--batch-size", paramLabel = "N", descriptionKey = "sync.batch_size")
  String batchSize;

  @Option(names = "--max-in-flight", paramLabel = "N", descriptionKey = "sync.max_in_flight")
  String maxInFlight;

  @Option(names = "--max-rate", paramLabel = "PER_SECOND", descriptionKey = "sync.max_rate")
  String maxRate;

  @Option(names = "--no-enrich", descriptionKey = "sync.enrich")
  boolean noEnrich;
}
