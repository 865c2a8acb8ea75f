package io.vicisync.cli;

import io.vicisync.config.SettingsLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the configuration and state are; accepted after every subcommand. */
final class CommonOptions {
  @Option(
      names = "--astguiclient-conf",
      paramLabel = "PATH",
      description = "VICIdial's database settings (VARDB_*). Default: ${DEFAULT-VALUE}.")
  Path astguiclientConf = SettingsLoader.DEFAULT_ASTGUICLIENT_CONF;

  @Option(
      names = "--dids-conf",
      paramLabel = "PATH",
      description =
          "DID Optimizer settings ([general] api_base_url, api_key; [sync])."
              + " Default: ${DEFAULT-VALUE}.")
  Path didsConf = SettingsLoader.DEFAULT_DIDS_CONF;

  @Option(names = "--state-dir", paramLabel = "PATH", descriptionKey = "sync.state_dir")
  Path stateDir;

  @Option(names = "--log-file", paramLabel = "PATH", descriptionKey = "sync.log_file")
  Path logFile;

  @Option(names = "--db-host", paramLabel = "HOST", descriptionKey = "db.host")
  String dbHost;

  @Option(names = "--db-port", paramLabel = "PORT", descriptionKey = "db.port")
  String dbPort;

  @Option(names = "--db-name", paramLabel = "NAME", descriptionKey = "db.name")
  String dbName;

  @Option(names = "--db-user", paramLabel = "USER", descriptionKey = "db.user")
  String dbUser;

  @Option(names = "--api-url", paramLabel = "URL", descriptionKey = "api.url")
  String apiUrl;
}
