package io.vicisync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the engine that {@code run} and {@code follow} both drive; each names its setting
 * ({@code descriptionKey}), which is how {@link SettingsCommand} maps it and the help describes it.
 */
final class EngineOptions {
  @Option(names = "--settle", paramLabel = "SECONDS", descriptionKey = "sync.settle")
  String settle;

  @Option(names = "--hold-status", paramLabel = "LIST", descriptionKey = "sync.hold_status")
  String holdStatus;

  @Option(names = "--hold-max", paramLabel = "SECONDS", descriptionKey = "sync.hold_max")
  String holdMax;

  @Option(names = "--overlap", paramLabel = "SECONDS", descriptionKey = "sync.overlap")
  String overlap;

  @Mixin SendOptions send = new SendOptions();

  @Option(names = "--max-run-time", paramLabel = "SECONDS", descriptionKey = "sync.max_run_time")
  String maxRunTime;

  @Option(
      names = "--initial-lookback",
      paramLabel = "MINUTES",
      descriptionKey = "sync.initial_lookback")
  String initialLookback;

  @Mixin SourceOption source = new SourceOption();

  @Option(names = "--metrics-file", paramLabel = "PATH", descriptionKey = "sync.metrics_file")
  Path metricsFile;
}
