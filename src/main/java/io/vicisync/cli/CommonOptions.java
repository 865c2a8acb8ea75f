package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.SettingsLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the configuration and state are; accepted after every subcommand. */
final class CommonOptions {
  @Option(names = "--astguiclient-conf", paramLabel = "PATH",
      description = "VICIdial's database settings (VARDB_*). Default: ${DEFAULT-VALUE}.")
  Path astguiclientConf = SettingsLoader.DEFAULT_ASTGUICLIENT_CONF;

  @Option(names = "--dids-conf", paramLabel = "PATH",
      description = "DID Optimizer settings ([general] api_base_url, api_key; [sync])."
          + " Default: ${DEFAULT-VALUE}.")
  Path didsConf = SettingsLoader.DEFAULT_DIDS_CONF;

  @Option(names = "--state-dir", paramLabel = "PATH",
      description = "Checkpoint, sent ledger, dead letters, lock, runs.jsonl."
          + " Default: [sync] state_dir, else /var/lib/vicisync.")
  Path stateDir;

  @Option(names = "--log-file", paramLabel = "PATH",
      description = "Default: [sync] log_file, else /var/log/vicisync.log.")
  Path logFile;

  @Option(names = "--db-host", paramLabel = "HOST",
      description = "Overrides $VICIDIAL_DB_HOST and VARDB_server.")
  String dbHost;

  @Option(names = "--db-port", paramLabel = "PORT",
      description = "Overrides $VICIDIAL_DB_PORT and VARDB_port.")
  String dbPort;

  @Option(names = "--db-name", paramLabel = "NAME",
      description = "Overrides $VICIDIAL_DB_NAME and VARDB_database.")
  String dbName;

  @Option(names = "--db-user", paramLabel = "USER",
      description = "Overrides $VICIDIAL_DB_USER and VARDB_user. The password is only read from"
          + " $VICIDIAL_DB_PASSWORD or VARDB_pass, never from the command line.")
  String dbUser;

  @Option(names = "--api-url", paramLabel = "URL",
      description = "Overrides $DID_OPTIMIZER_API_URL and api_base_url.")
  String apiUrl;

  void addTo(Map<String, ConfigValue> flags) {
    put(flags, "sync.state_dir", stateDir == null ? null : stateDir.toString(), "--state-dir");
    put(flags, "sync.log_file", logFile == null ? null : logFile.toString(), "--log-file");
    put(flags, "db.host", dbHost, "--db-host");
    put(flags, "db.port", dbPort, "--db-port");
    put(flags, "db.name", dbName, "--db-name");
    put(flags, "db.user", dbUser, "--db-user");
    put(flags, "api.url", apiUrl, "--api-url");
  }

  static void put(Map<String, ConfigValue> flags, String key, String value, String flag) {
    if (value != null) {
      flags.put(key, new ConfigValue(value, flag));
    }
  }
}
