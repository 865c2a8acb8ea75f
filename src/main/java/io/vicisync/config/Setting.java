package io.vicisync.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Every setting, declared once: its name, default, where a file, the environment or a flag can give
 * it, and its help. The loader, the files' readers, the command line's help and flag parsing,
 * doctor's origins and the README's table are all made from, or checked against, this.
 */
public enum Setting {
  DB_HOST(
      "db.host",
      "localhost",
      "VARDB_server",
      "db_host",
      "VICIDIAL_DB_HOST",
      "--db-host",
      "The database server."),
  DB_PORT(
      "db.port",
      "3306",
      "VARDB_port",
      "db_port",
      "VICIDIAL_DB_PORT",
      "--db-port",
      "The database server's port."),
  DB_NAME(
      "db.name",
      "asterisk",
      "VARDB_database",
      "db_name",
      "VICIDIAL_DB_NAME",
      "--db-name",
      "VICIdial's database."),
  DB_USER(
      "db.user",
      "cron",
      "VARDB_user",
      "db_user",
      "VICIDIAL_DB_USER",
      "--db-user",
      "The database user. Its password is only read from $VICIDIAL_DB_PASSWORD or VARDB_pass,"
          + " never from the command line."),
  DB_PASSWORD(
      "db.password",
      "1234",
      "VARDB_pass",
      "db_pass",
      "VICIDIAL_DB_PASSWORD",
      null,
      "The database user's password."),
  API_URL(
      "api.url",
      "http://localhost:5000",
      null,
      "api_base_url",
      "DID_OPTIMIZER_API_URL",
      "--api-url",
      "The DID Optimizer API."),
  API_KEY("api.key", "", null, "api_key", "API_KEY", null, "The DID Optimizer API key."),
  API_TIMEOUT("api.timeout", "10", null, "api_timeout", null, null, "Seconds per post."),
  API_RETRY_COUNT(
      "api.retry_count",
      "3",
      null,
      "api_retry_count",
      null,
      null,
      "Retries of a post before the run stops."),
  API_RETRY_DELAY(
      "api.retry_delay",
      "1",
      null,
      "api_retry_delay",
      null,
      null,
      "First retry delay in seconds, doubled each time, with jitter."),
  PRIVACY_MODE(
      "privacy_mode",
      "0",
      null,
      "privacy_mode",
      null,
      null,
      "1: customer numbers are masked in the log."),
  SETTLE(
      "sync.settle",
      "30",
      null,
      "[sync] settle",
      null,
      "--settle",
      "Read a call once its end_epoch is this many seconds old (5 for follow)."),
  // VICIdial's in-between statuses, each cited in docs/VICIDIAL.md: in the queue, with an agent,
  // in the agent's wrap-up (DISPO, ALTNUM, DONEM) and an answering machine hearing the message
  HOLD_STATUS(
      "sync.hold_status",
      "QUEUE,INCALL,DISPO,ALTNUM,DONEM,AM,UNKAM",
      null,
      "[sync] hold_status",
      null,
      "--hold-status",
      "Statuses that are not a disposition yet (docs/VICIDIAL.md)."),
  HOLD_MAX(
      "sync.hold_max",
      "1800",
      null,
      "[sync] hold_max",
      null,
      "--hold-max",
      "Send a held call as it is this many seconds after it ended."),
  OVERLAP(
      "sync.overlap",
      "600",
      null,
      "[sync] overlap",
      null,
      "--overlap",
      "Look this many seconds behind the cursor again, for rows that appear late."),
  BATCH_SIZE(
      "sync.batch_size", "500", null, "[sync] batch_size", null, "--batch-size", "Rows per query."),
  MAX_IN_FLIGHT(
      "sync.max_in_flight",
      "16",
      null,
      "[sync] max_in_flight",
      null,
      "--max-in-flight",
      "Posts under way at once."),
  MAX_RATE(
      "sync.max_rate",
      "0",
      null,
      "[sync] max_rate",
      null,
      "--max-rate",
      "Posts per second at most; 0 for no limit."),
  MAX_RUN_TIME(
      "sync.max_run_time",
      "600",
      null,
      "[sync] max_run_time",
      null,
      "--max-run-time",
      "A run ends within this many seconds; the next one continues."),
  INTERVAL(
      "sync.interval",
      "5",
      null,
      "[sync] interval",
      null,
      "--interval",
      "follow: seconds between polls."),
  MAX_BACKOFF(
      "sync.max_backoff",
      "60",
      null,
      "[sync] max_backoff",
      null,
      "--max-backoff",
      "follow: with the database or the receiver failing, wait at most this many seconds between"
          + " attempts."),
  INITIAL_LOOKBACK(
      "sync.initial_lookback",
      "60",
      null,
      "[sync] initial_lookback",
      null,
      "--initial-lookback",
      "With no checkpoint yet, start this many minutes back."),
  STATE_DIR(
      "sync.state_dir",
      "/var/lib/vicisync",
      null,
      "[sync] state_dir",
      null,
      "--state-dir",
      "Checkpoint, sent ledger, dead letters, lock, runs.jsonl. With --instance NAME:"
          + " /var/lib/vicisync/NAME."),
  LOG_FILE(
      "sync.log_file",
      "/var/log/vicisync/vicisync.log",
      null,
      "[sync] log_file",
      null,
      "--log-file",
      "The run log. With --instance NAME: /var/log/vicisync/NAME.log."),
  DB_OPTIONS(
      "sync.db_options",
      "",
      null,
      "[sync] db_options",
      null,
      null,
      "Extra MariaDB Connector/J URL parameters, e.g. sslMode=trust."),
  DB_TIME_ZONE(
      "sync.db_time_zone",
      "",
      null,
      "[sync] db_time_zone",
      null,
      null,
      "Only if the database server's zone differs from VICIdial's."),
  LEDGER_DAYS(
      "sync.ledger_days",
      "7",
      null,
      "[sync] ledger_days",
      null,
      null,
      "How many days the sent ledger remembers a delivery."),
  LEGACY_CHECKPOINT(
      "sync.legacy_checkpoint",
      "/tmp/did-optimizer-last-check.txt",
      null,
      "[sync] legacy_checkpoint",
      null,
      "--legacy-checkpoint",
      "With no checkpoint yet, start where process-call-results.pl stopped, as its checkpoint"
          + " file says (less the overlap); empty: ignore."),
  ENRICH(
      "sync.enrich",
      "1",
      null,
      "[sync] enrich",
      null,
      "--no-enrich",
      "Add callerId and the carrier's dialStatus, read from vicidial_log_extended,"
          + " vicidial_dial_log and vicidial_carrier_log when the user may (1), or not (0,"
          + " --no-enrich)."),
  PHONE_NUMBER(
      "sync.phone_number",
      "did",
      null,
      "[sync] phone_number",
      null,
      null,
      "What phoneNumber carries: did, the caller ID VICIdial presented (the DID Optimizer counts"
          + " each call against the DID it ends with), or customer, the customer's number as"
          + " process-call-results.pl sent it. A call whose caller ID is unknown goes with the"
          + " customer's number either way; customerPhone always carries it."),
  RESEND(
      "sync.resend",
      "never",
      null,
      "[sync] resend",
      null,
      null,
      "A call whose row changes after the receiver acknowledged it: never posted again (never;"
          + " the DID Optimizer stores every post as a new call), or posted again once per change"
          + " (changes; for a receiver that updates a call by its uniqueid)."),
  SOURCE(
      "sync.source",
      "outbound",
      null,
      "[sync] source",
      null,
      "--source",
      "Which calls: vicidial_log (outbound), vicidial_closer_log (inbound), or both, each with"
          + " its own checkpoint and ledger."),
  METRICS_FILE(
      "sync.metrics_file",
      "",
      null,
      "[sync] metrics_file",
      null,
      "--metrics-file",
      "After a run, write Prometheus metrics here (atomically), e.g. for node_exporter's"
          + " textfile collector; a directory: vicisync.prom in it, or vicisync-NAME.prom for"
          + " --instance NAME; empty: none."),
  API_CA_FILE(
      "sync.api_ca_file",
      "",
      null,
      "[sync] api_ca_file",
      null,
      null,
      "PEM of a private CA that signed an https receiver's certificate.");

  private final String key;
  private final String defaultValue;
  private final String astguiclientKey;
  private final String didsKey;
  private final String env;
  private final String flag;
  private final String help;

  Setting(
      String key,
      String defaultValue,
      String astguiclientKey,
      String didsKey,
      String env,
      String flag,
      String help) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.astguiclientKey = astguiclientKey;
    this.didsKey = didsKey;
    this.env = env;
    this.flag = flag;
    this.help = help;
  }

  /** The name settings are merged and shown by (doctor's origins). */
  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** The key in /etc/astguiclient.conf; null when the file does not give it. */
  public String astguiclientKey() {
    return astguiclientKey;
  }

  /** The key in dids.conf's [general] section, or "[sync] key"; null when it does not give it. */
  public String didsKey() {
    return didsKey;
  }

  /** Whether dids.conf gives it in this tool's own [sync] section. */
  public boolean inSyncSection() {
    return didsKey != null && didsKey.startsWith("[sync] ");
  }

  /** The key in the section dids.conf gives it in. */
  public String didsName() {
    return inSyncSection() ? didsKey.substring("[sync] ".length()) : didsKey;
  }

  /** The environment variable that gives it; null when none does. */
  public String env() {
    return env;
  }

  /** The command-line flag that gives it; null when none does. */
  public String flag() {
    return flag;
  }

  /** One sentence for the help, followed there by the default. */
  public String help() {
    return help;
  }

  /** The help as the command line shows it: what the flag overrides, and the default. */
  public String helpWithDefault() {
    List<String> from = new ArrayList<>();
    if (env != null) {
      from.add("$" + env);
    }
    if (didsKey != null) {
      from.add(didsKey.startsWith("[") ? didsKey : "dids.conf's " + didsKey);
    }
    if (astguiclientKey != null) {
      from.add(astguiclientKey);
    }
    return help
        + (from.isEmpty() ? "" : " Overrides " + String.join(" and ", from) + ".")
        + (defaultValue.isEmpty() ? " Default: none." : " Default: " + defaultValue + ".");
  }

  /** Every setting's command-line help, by key: picocli's descriptionKey. */
  public static ResourceBundle helpBundle() {
    Object[][] contents =
        Arrays.stream(values())
            .map(s -> new Object[] {s.key, s.helpWithDefault()})
            .toArray(Object[][]::new);
    return new ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return contents;
      }
    };
  }

  /** The value a flag without an argument (--no-enrich) stands for. */
  public String switchValue() {
    return this == ENRICH ? "0" : "1";
  }

  public static Optional<Setting> byFlag(String flag) {
    return Arrays.stream(values()).filter(s -> flag.equals(s.flag)).findFirst();
  }

  /** Every default, by key. */
  /** {@code follow} polls every few seconds, so a call is read as soon as it has settled. */
  static final String FOLLOW_SETTLE = "5";

  static Map<String, String> defaults(boolean follow, Instance instance) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Setting s : values()) {
      m.put(s.key, instance.defaultValue(s));
    }
    if (follow) {
      m.put(SETTLE.key, FOLLOW_SETTLE);
    }
    return m;
  }

  /** The setting dids.conf's [sync] {@code name} gives. */
  static Setting inSync(String name) {
    return Arrays.stream(values())
        .filter(s -> s.inSyncSection() && s.didsName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The keys of dids.conf's [sync] section. */
  static List<String> syncKeys() {
    return Arrays.stream(values()).filter(Setting::inSyncSection).map(Setting::didsName).toList();
  }
}
