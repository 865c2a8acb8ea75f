package io.vicisync.cli;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.ops.HealthCheck;
import io.vicisync.ops.Snapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A Nagios / Icinga plugin: prints one line with perfdata and exits 0 OK, 1 WARNING,"
          + " 2 CRITICAL, 3 UNKNOWN; the worst part wins (CRITICAL over WARNING over UNKNOWN)."
          + " CRITICAL: the last successful run is older than --max-age, the lag is above"
          + " --crit-lag, or the database refuses or cannot be reached. WARNING: the lag is above"
          + " --warn-lag, or there are dead letters. UNKNOWN: no run recorded yet, the database"
          + " did not answer in time (a locked table, a slow query), a bad argument, or the"
          + " configuration or state cannot be read. The perfdata's thresholds are Nagios ranges"
          + " that say the same.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync check",
      "    VICISYNC OK - lag 42s, last success 35s ago | lag=42s;300;900;0"
          + " last_success=35s;;600;0 backlog=12;;;0 held=3;;;0 dead_letters=0;0;;0",
      "  # NRPE runs it as nagios, through sudo (the state files are root's, 0640):",
      "  # nrpe.cfg (/usr/share/vicisync/examples/nrpe-vicisync.cfg):",
      "  command[check_vicisync]=/usr/bin/sudo -n /usr/bin/vicisync check --warn-lag 300"
          + " --crit-lag 900",
      "  # /etc/sudoers.d/vicisync (/usr/share/vicisync/examples/sudoers-vicisync):",
      "  nagios ALL=(root) NOPASSWD: /usr/bin/vicisync check --warn-lag 300 --crit-lag 900"
    })
final class CheckCommand extends SettingsCommand {
  // the defaults, as picocli shows them and as QuickLine starts from
  static final long WARN_LAG = 300;
  static final long CRIT_LAG = 900;
  static final long MAX_AGE = 600;

  @Option(
      names = "--warn-lag",
      paramLabel = "SECONDS",
      defaultValue = "" + WARN_LAG,
      description = "WARNING above this lag. Default: ${DEFAULT-VALUE}.")
  long warnLag = WARN_LAG;

  @Option(
      names = "--crit-lag",
      paramLabel = "SECONDS",
      defaultValue = "" + CRIT_LAG,
      description = "CRITICAL above this lag. Default: ${DEFAULT-VALUE}.")
  long critLag = CRIT_LAG;

  @Option(
      names = "--max-age",
      paramLabel = "SECONDS",
      defaultValue = "" + MAX_AGE,
      description =
          "CRITICAL when the last successful run started longer ago than this"
              + " (cron runs every 60 s). Default: ${DEFAULT-VALUE}.")
  long maxAge = MAX_AGE;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = Snapshot.DEFAULT_TIMEOUT_SECONDS,
      description =
          "Answer within this many seconds whatever the database does (CRITICAL when"
              + " it has not answered); below NRPE's 10 s. Default: ${DEFAULT-VALUE}.")
  long timeout = Long.parseLong(Snapshot.DEFAULT_TIMEOUT_SECONDS);

  @Mixin SourceOption source = new SourceOption();

  CheckCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    if (warnLag < 0 || critLag < warnLag || maxAge <= 0 || timeout <= 0) {
      out.println(
          "VICISYNC UNKNOWN - thresholds need 0 <= --warn-lag <= --crit-lag,"
              + " --max-age > 0 and --timeout > 0");
      return HealthCheck.State.UNKNOWN.code;
    }
    HealthCheck.Result r;
    try {
      Snapshot snap = Snapshot.take(settings(false), Duration.ofSeconds(timeout));
      r =
          HealthCheck.evaluate(
              snap,
              new HealthCheck.Thresholds(warnLag, critLag, maxAge),
              System.currentTimeMillis());
    } catch (VicisyncException e) {
      // the plugin API wants one line on stdout and UNKNOWN, not vicisync's own exit codes
      out.println("VICISYNC UNKNOWN - " + Text.safe(e.getMessage()).replace('|', '/'));
      return HealthCheck.State.UNKNOWN.code;
    }
    out.println(Text.safe(r.line()));
    return r.state().code;
  }
}
