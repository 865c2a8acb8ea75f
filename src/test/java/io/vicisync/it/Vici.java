package io.vicisync.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A VICIdial server as vicisync meets it: a database with vicidial_log, astguiclient.conf and
 * dids.conf on disk, a state directory and a log file. Runs vicisync in-process or as the jar.
 */
public final class Vici {
  public final String database;
  public final Path dir;
  public final Path stateDir;
  public final Path logFile;
  public final Path astguiclientConf;
  public final Path didsConf;
  private String receiverUrl;
  private String apiKey = Receiver.KEY;
  private String apiTimeout = "2";
  private final List<String> syncLines = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();

  public Vici(Path dir, Receiver receiver) throws IOException {
    this.database = MariaDb.newVicidialDatabase();
    this.dir = dir;
    this.stateDir = dir.resolve("state");
    this.logFile = dir.resolve("vicisync.log");
    this.astguiclientConf = dir.resolve("astguiclient.conf");
    this.didsConf = dir.resolve("dids.conf");
    this.receiverUrl = receiver == null ? "http://127.0.0.1:9" : receiver.url();
    // never the real /tmp/did-optimizer-last-check.txt of the machine the tests run on
    syncLines.add("legacy_checkpoint = " + legacyCheckpoint());
    dbUser("root", "");
    writeDids();
  }

  private String dbUser = "root";
  private String dbPassword = "";
  private int dbPort = MariaDb.port();

  /** Makes vicisync log in as {@code user} (create it with {@link #sql} first). */
  public Vici dbUser(String user, String password) throws IOException {
    dbUser = user;
    dbPassword = password;
    return writeAstguiclient();
  }

  /**
   * Creates {@code 'user'@'host'} with the README's minimal grant, SELECT on vicidial_log alone,
   * and makes vicisync log in as it.
   */
  public Vici minimalGrantUser(String user, String host) throws Exception {
    sql("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY 'pw'");
    sql("GRANT SELECT ON " + database + ".vicidial_log TO '" + user + "'@'" + host + "'");
    return dbUser(user, "pw");
  }

  /** Points vicisync at another port, e.g. one where no database listens. */
  public Vici dbPort(int port) throws IOException {
    dbPort = port;
    return writeAstguiclient();
  }

  private Vici writeAstguiclient() throws IOException {
    Files.writeString(
        astguiclientConf,
        "# written by the test\nVARDB_server => 127.0.0.1\n"
            + "VARDB_database => "
            + database
            + "\nVARDB_user => "
            + dbUser
            + "\nVARDB_pass => "
            + dbPassword
            + "\nVARDB_port => "
            + dbPort
            + "\nPATHlogs => /var/log/astguiclient\n");
    return this;
  }

  public Vici receiverUrl(String url) throws IOException {
    receiverUrl = url;
    writeDids();
    return this;
  }

  public Vici apiKey(String key) throws IOException {
    apiKey = key;
    writeDids();
    return this;
  }

  /** dids.conf's api_timeout, in seconds. */
  public Vici apiTimeout(String seconds) throws IOException {
    apiTimeout = seconds;
    writeDids();
    return this;
  }

  /** Sets an environment variable the in-process runs see, e.g. VICISYNC_INSTANCE. */
  public Vici env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Sets a line of the [sync] section, e.g. {@code "settle = 0"}. */
  public Vici sync(String line) throws IOException {
    String key = line.substring(0, line.indexOf('=')).strip();
    syncLines.removeIf(l -> l.startsWith(key + " "));
    syncLines.add(line);
    writeDids();
    return this;
  }

  private void writeDids() throws IOException {
    Files.writeString(
        didsConf,
        "[general]\napi_base_url = "
            + receiverUrl
            + "\napi_key = "
            + apiKey
            + "\napi_timeout = "
            + apiTimeout
            + "\napi_retry_count = 3\napi_retry_delay = 0.05\n"
            + "privacy_mode = 0        ; 1: keep customer numbers out of logs\n\n[sync]\n"
            + String.join("\n", syncLines)
            + "\n");
  }

  public String[] commonArgs() {
    return new String[] {
      "--astguiclient-conf",
      astguiclientConf.toString(),
      "--dids-conf",
      didsConf.toString(),
      "--state-dir",
      stateDir.toString(),
      "--log-file",
      logFile.toString()
    };
  }

  /** The result of one vicisync invocation. */
  public record Result(int exit, String out, String err) {}

  /** Runs {@code vicisync COMMAND ARGS... --common-options} in this JVM. */
  public Result run(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(commonArgs()));
    return invoke(command, all);
  }

  private Result invoke(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(all.toArray(String[]::new), env, o, e);
    }
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command with another state directory than this server's own. */
  public Result runWithState(Path state, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    String[] common = commonArgs();
    for (int i = 0; i < common.length; i++) {
      all.add(common[i].equals(stateDir.toString()) ? state.toString() : common[i]);
    }
    return invoke(command, all);
  }

  /** Starts the built jar as its own process, the way cron does. */
  public Process start(String command, String... args) throws IOException {
    return start(List.of(), command, args);
  }

  /** The same with JVM options, e.g. {@code -Xmx64m}. */
  public Process start(List<String> jvmOptions, String command, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar().toString(), command));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of(commonArgs()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("process-" + System.nanoTime() + ".out").toFile())
        .start();
  }

  /**
   * Runs the built jar as cron would, through {@code sh} with {@code umask} (e.g. "000": modes must
   * not depend on it), stdout and stderr kept apart; waits up to {@code seconds}.
   */
  public Result exec(String umask, int seconds, String command, String... args)
      throws IOException, InterruptedException {
    return exec(Map.of(), umask, seconds, command, args);
  }

  /** The same, with {@code locale} set in its environment (LANG, LC_ALL, …; "" unsets one). */
  public Result exec(
      Map<String, String> locale, String umask, int seconds, String command, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "umask " + umask + "; exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString(),
                command));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of(commonArgs()));
    Path out = dir.resolve("exec-" + System.nanoTime() + ".out");
    Path err = dir.resolve("exec-" + System.nanoTime() + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    locale.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      return new Result(
          -1, Files.readString(out), Files.readString(err) + "[killed after " + seconds + " s]");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static Path jar() {
    Path jar = Path.of("target", "vicisync.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("run through 'mvn verify': the jar is built first");
    }
    return jar;
  }

  public String log() throws IOException {
    return Files.exists(logFile) ? Files.readString(logFile) : "";
  }

  public Connection connect() throws SQLException {
    return MariaDb.root(database);
  }

  public long dbNow() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT UNIX_TIMESTAMP()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The server-local text of an epoch, as VICIdial would write call_date. */
  public String local(long epoch) throws SQLException {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT DATE_FORMAT(FROM_UNIXTIME(?), '%Y-%m-%d %H:%i:%s')")) {
      st.setLong(1, epoch);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Inserts finished or live calls. */
  /**
   * {@code n} answered SALE calls, {@code prefix} + 0 … n-1, that ended about ten minutes ago: long
   * settled, inside the default overlap.
   */
  public void insertFinished(int n, String prefix) throws SQLException {
    long now = dbNow();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = now - 600 - n + i;
      calls.add(new Call(prefix + i, local(start), start).answered(30, "SALE"));
    }
    insert(calls);
  }

  /** Waits until {@code done}, at most {@code seconds}; then fails naming {@code what}. */
  public static void await(BooleanSupplier done, int seconds, String what)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  public void insert(Call... calls) throws SQLException {
    insert(List.of(calls));
  }

  public void insert(List<Call> calls) throws SQLException {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO vicidial_log (uniqueid, lead_id,"
                    + " list_id, campaign_id, call_date, start_epoch, end_epoch, length_in_sec, status,"
                    + " phone_code, phone_number, user, comments, processed, user_group, term_reason,"
                    + " alt_dial, called_count) VALUES (?,?,?,?,?,?,?,?,?,'1',?,?,NULL,'N','AGENTS',"
                    + "'CALLER','MAIN',1)")) {
      for (Call k : calls) {
        st.setString(1, k.uniqueid);
        st.setLong(2, k.leadId);
        st.setLong(3, 1001);
        st.setString(4, k.campaign);
        st.setString(5, k.callDate);
        st.setObject(6, k.start);
        st.setObject(7, k.end);
        st.setInt(8, k.length);
        st.setString(9, k.status);
        st.setString(10, k.phone);
        st.setString(11, k.length == 0 ? "VDAD" : "agent7");
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** Server-wide rows read through handlers (index and table-scan reads alike). */
  public long handlerReads() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Handler_read%'")) {
      long sum = 0;
      while (rs.next()) {
        sum += rs.getLong(2);
      }
      return sum;
    }
  }

  public void sql(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Where this server's process-call-results.pl would keep its position. */
  public Path legacyCheckpoint() {
    return dir.resolve("did-optimizer-last-check.txt");
  }

  /** Does what VICIdial's ADMIN_archive_log_tables.pl does to rows older than {@code callDate}. */
  public void archiveBefore(String callDate) throws SQLException {
    sql("CREATE TABLE IF NOT EXISTS vicidial_log_archive LIKE vicidial_log");
    // ADMIN_archive_log_tables.pl's own statements: it copies every row, recent ones too, and
    // keeps its first copy of each (IGNORE), then deletes the old ones from the live table
    sql("INSERT IGNORE INTO vicidial_log_archive SELECT * from vicidial_log");
    sql("DELETE FROM vicidial_log WHERE call_date < '" + callDate + "'");
  }

  /** ADMIN_archive_log_tables.pl --wipe-all-being-archived: copies all, then empties the table. */
  public void archiveWipingAll() throws SQLException {
    sql("CREATE TABLE IF NOT EXISTS vicidial_log_archive LIKE vicidial_log");
    sql("INSERT IGNORE INTO vicidial_log_archive SELECT * from vicidial_log");
    sql("DELETE FROM vicidial_log");
  }

  public Path checkpoint() {
    return stateDir.resolve("checkpoint.json");
  }

  /**
   * Ten minutes pass, as far as the checkpoint knows: the next run re-reads the whole overlap (cron
   * re-reads only its last minute and a half in between).
   */
  public void wholeReReadDue() throws IOException {
    ObjectNode cp = (ObjectNode) Json.MAPPER.readTree(checkpoint().toFile());
    if (cp.get("full") instanceof ObjectNode full) {
      full.put("atEpoch", full.get("atEpoch").asLong() - 601);
    }
    Files.writeString(checkpoint(), cp.toPrettyString());
  }

  public File deadLetters() {
    return stateDir.resolve("dead-letters.jsonl").toFile();
  }

  /** One vicidial_log row to insert. */
  public static final class Call {
    final String uniqueid;
    long leadId = 100;
    String campaign = "CAMP1";
    String phone = "5551230000";
    String callDate;
    Long start;
    Long end;
    int length;
    String status = "NA";

    public Call(String uniqueid, String callDate, long start) {
      this.uniqueid = uniqueid;
      this.callDate = callDate;
      this.start = start;
      this.end = start;
    }

    public Call lead(long id) {
      leadId = id;
      return this;
    }

    public Call campaign(String c) {
      campaign = c;
      return this;
    }

    public Call phone(String p) {
      phone = p;
      return this;
    }

    /** An answered call: ended {@code seconds} after it started. */
    public Call answered(int seconds, String status) {
      this.length = seconds;
      this.end = start + seconds;
      this.status = status;
      return this;
    }

    /** Still up: no end_epoch yet. */
    public Call live(String status) {
      this.end = null;
      this.status = status;
      return this;
    }

    public Call status(String s) {
      status = s;
      return this;
    }
  }
}
