package io.vicisync.bench;

import io.vicisync.it.Receiver;
import io.vicisync.it.Vici;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue #10: how long the dialer's writes wait because of each vicisync command. A stand-in for the
 * dialer INSERTs a call and UPDATEs a recent one, 100 statements a second on one connection, on a
 * 2,000,000-row vicidial_log, while the sync is 24 hours behind; each command runs as the jar
 * meanwhile. A write's latency is counted from when it was due, so a write held up behind a stalled
 * one counts its wait too. Prints p99 and max per command; asserts nothing.
 */
final class Stall {
  private static final int OPS_PER_SECOND = 100;

  private Stall() {}

  static void run(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      receiver.lean();
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      Benchmark.history(vici, now - 60, 2_000_000);
      // 24 hours behind: the first run starts a day back and stops after a second
      vici.sync("initial_lookback = 1440");
      Benchmark.run(vici, dir, "run", "--max-run-time", "1");
      String dayAgo = vici.local(now - 86_400);
      String hourLater = vici.local(now - 86_400 + 3600);
      System.out.printf(
          "dialer stand-in: %d writes/s (INSERT a call, UPDATE a recent one by"
              + " uniqueid) on a %,d-row vicidial_log, the sync 24 h behind; write latency from when"
              + " each was due%n",
          OPS_PER_SECOND, Benchmark.count(vici));
      measure(vici, dir, "nothing (baseline, 5 s)", null);
      measure(vici, dir, "run --max-run-time 15", "run", "--max-run-time", "15");
      measure(
          vici,
          dir,
          "backfill of 1 hour (" + dayAgo + " →)",
          "backfill",
          "--since",
          dayAgo,
          "--until",
          hourLater);
      measure(vici, dir, "reconcile --minutes 1440", "reconcile", "--minutes", "1440");
      measure(vici, dir, "dids --minutes 60", "dids", "--minutes", "60");
      measure(vici, dir, "status", "status");
      measure(vici, dir, "check", "check");
      // an advertised limit makes doctor count the week's calls per five minutes
      receiver.rateLimit(1_000_000);
      measure(vici, dir, "doctor (with the rate-limit check)", "doctor");
      measure(vici, dir, "the Perl script's query (for comparison)", "perl");
    }
  }

  private static void measure(Vici vici, Path dir, String label, String command, String... args)
      throws Exception {
    Dialer dialer = new Dialer(vici);
    Thread t = new Thread(dialer, "dialer");
    t.start();
    Thread.sleep(500);
    long t0 = System.nanoTime();
    int exit = 0;
    if (command == null) {
      Thread.sleep(5000);
    } else if (command.equals("perl")) {
      perlQuery(vici);
    } else {
      exit = Benchmark.run(vici, dir, command, args).exit();
    }
    long t1 = System.nanoTime();
    // writes due during the command count even if they complete after it: wait for them
    while (dialer.lastDone() < t1) {
      Thread.sleep(10);
    }
    dialer.stop.set(true);
    t.join();
    long[][] w = dialer.writes(t0, t1);
    long[] l = w[0].clone();
    Arrays.sort(l);
    int worst = 0;
    for (int i = 0; i < w[0].length; i++) {
      worst = w[0][i] > w[0][worst] ? i : worst;
    }
    System.out.printf(
        "while %s (%.1f s, exit %d): %d dialer writes, p99 %.1f ms, max %.1f ms"
            + " (due %.1f s after the start)%n",
        label,
        (t1 - t0) / 1e9,
        exit,
        l.length,
        pct(l, 0.99) / 1e6,
        l.length == 0 ? 0 : l[l.length - 1] / 1e6,
        l.length == 0 ? 0 : (w[1][worst] - t0) / 1e9);
  }

  /** process-call-results.pl's poll: no index on end_epoch, so the whole table. */
  private static void perlQuery(Vici vici) throws Exception {
    try (Connection c = vici.connect();
        Statement st = c.createStatement()) {
      st.executeQuery(
              "SELECT uniqueid, lead_id, list_id, campaign_id, call_date, start_epoch,"
                  + " end_epoch, length_in_sec, status, phone_code, phone_number, user, comments,"
                  + " processed, user_group, term_reason, alt_dial, called_count FROM vicidial_log WHERE"
                  + " end_epoch > UNIX_TIMESTAMP(NOW() - INTERVAL 1 DAY) AND status != '' AND status IS"
                  + " NOT NULL AND length_in_sec > 0 ORDER BY end_epoch ASC LIMIT 500")
          .close();
    }
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** INSERTs and UPDATEs at a fixed pace, timing each from when it was due. */
  private static final class Dialer implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    private final Vici vici;
    private final List<long[]> done = new ArrayList<>();

    Dialer(Vici vici) {
      this.vici = vici;
    }

    /** When the last write that completed was due. */
    synchronized long lastDone() {
      return done.isEmpty() ? Long.MIN_VALUE : done.get(done.size() - 1)[0];
    }

    /** {latencies, due times} of the writes due between {@code from} and {@code to}. */
    synchronized long[][] writes(long from, long to) {
      List<long[]> in = done.stream().filter(d -> d[0] >= from && d[0] <= to).toList();
      return new long[][] {
        in.stream().mapToLong(d -> d[1]).toArray(), in.stream().mapToLong(d -> d[0]).toArray()
      };
    }

    @Override
    public void run() {
      long interval = TimeUnit.SECONDS.toNanos(1) / OPS_PER_SECOND;
      try (Connection c = vici.connect();
          PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO vicidial_log (uniqueid,"
                      + " lead_id, list_id, campaign_id, call_date, start_epoch, status, phone_code,"
                      + " phone_number, user, processed) VALUES (?, 1, 1001, 'CAMP1', NOW(),"
                      + " UNIX_TIMESTAMP(), 'INCALL', '1', '5550001111', 'agent1', 'N')");
          PreparedStatement upd =
              c.prepareStatement(
                  "UPDATE vicidial_log SET status = 'SALE',"
                      + " end_epoch = UNIX_TIMESTAMP(), length_in_sec = 10 WHERE uniqueid = ?")) {
        long due = System.nanoTime();
        String tag = Long.toString(System.nanoTime(), 36);
        for (int i = 0; !stop.get(); i++) {
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          String id = "d" + tag + "." + (i / 2);
          if (i % 2 == 0) {
            ins.setString(1, id);
            ins.executeUpdate();
          } else {
            upd.setString(1, id);
            upd.executeUpdate();
          }
          synchronized (this) {
            done.add(new long[] {due, System.nanoTime() - due});
          }
          due += interval;
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
