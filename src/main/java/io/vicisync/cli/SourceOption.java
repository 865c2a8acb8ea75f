package io.vicisync.cli;

import picocli.CommandLine.Option;

/** {@code --source}: which VICIdial call logs a command works on. */
final class SourceOption {
  @Option(names = "--source", paramLabel = "outbound|inbound|both", descriptionKey = "sync.source")
  String source;
}
