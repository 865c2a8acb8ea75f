package io.vicisync.cli;

import io.vicisync.config.Instance;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which dialer, and where its configuration and state are; accepted after every subcommand. */
final class CommonOptions {
  @Option(
      names = "--instance",
      paramLabel = "NAME",
      description =
          "One of several dialers synced from this host: its files are /etc/vicisync/NAME/"
              + "{astguiclient.conf,dids.conf}, its state /var/lib/vicisync/NAME, its log"
              + " /var/log/vicisync/NAME.log. Default: $"
              + Instance.ENV
              + ", or none (the single-dialer paths).")
  String instance;

  @Option(
      names = "--astguiclient-conf",
      paramLabel = "PATH",
      description =
          "VICIdial's database settings (VARDB_*). Default: /etc/astguiclient.conf, with"
              + " --instance /etc/vicisync/NAME/astguiclient.conf.")
  Path astguiclientConf;

  @Option(
      names = "--dids-conf",
      paramLabel = "PATH",
      description =
          "DID Optimizer settings ([general] api_base_url, api_key; [sync]). Default:"
              + " /etc/asterisk/dids.conf, with --instance /etc/vicisync/NAME/dids.conf.")
  Path didsConf;

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

  /** The instance named here or in the environment. */
  Instance instance(Map<String, String> env) {
    return Instance.of(instance, env);
  }
}
