package io.vicisync.bench;

import io.vicisync.it.Launcher;
import io.vicisync.it.Receiver;
import io.vicisync.it.Vici;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code vicisync follow} (issue #14): how soon a call reaches the receiver after
 * hang-up, against cron; what an idle minute costs; and whether memory, threads and files stay flat
 * under a long load. Run with {@code -Dbench.only=followlatency,followidle,soak}.
 */
final class FollowBench {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private FollowBench() {}

  /**
   * A stand-in dialer: {@code perSecond} calls hang up each second, each row written at hang-up.
   */
  static final class Dialer implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final List<Long> endEpochs = Collections.synchronizedList(new ArrayList<>());
    volatile int inserted;

    Dialer(Vici vici, double perSecond, String tag) throws Exception {
      Connection c = vici.connect();
      PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO vicidial_log (uniqueid, lead_id, list_id, campaign_id, call_date,"
                  + " start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number,"
                  + " user, processed, user_group, term_reason) VALUES"
                  + " (?,?,1001,'CAMP1',?,?,?,?,?,'1',?,?,'N','AGENTS','CALLER')");
      thread =
          new Thread(
              () -> {
                long period = (long) (1e9 / perSecond);
                long next = System.nanoTime();
                int i = 0;
                try (c;
                    st) {
                  while (running.get()) {
                    long now = System.currentTimeMillis() / 1000;
                    // a third answered (a talk of 20–80 s), the rest unanswered; either way the row
                    // is final at the moment end_epoch names
                    boolean answered = i % 3 == 0;
                    int length = answered ? 20 + i % 60 : 0;
                    long start = now - length;
                    st.setString(1, now + "." + tag + i);
                    st.setLong(2, 1_000_000 + i);
                    st.setString(
                        3,
                        LocalDateTime.ofInstant(
                                Instant.ofEpochSecond(start), ZoneId.systemDefault())
                            .format(LOCAL));
                    st.setLong(4, start);
                    st.setLong(5, now);
                    st.setInt(6, length);
                    st.setString(7, answered ? "SALE" : "NA");
                    st.setString(8, "555" + (1_000_000 + i));
                    st.setString(9, answered ? "agent7" : "VDAD");
                    st.executeUpdate();
                    endEpochs.add(now);
                    inserted = ++i;
                    next += period;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                      TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              "dialer");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Milliseconds from end_epoch to the receiver's first acknowledgement, for calls tagged so. */
  static void printLatency(String what, Receiver receiver, String tag) {
    List<Long> lat = new ArrayList<>();
    for (Map.Entry<String, Long> e : receiver.arrivals().entrySet()) {
      if (e.getKey().contains("." + tag)) {
        long end = Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('.')));
        lat.add(e.getValue() - end * 1000);
      }
    }
    Collections.sort(lat);
    System.out.printf(
        "latency, %s: %,d calls; end_epoch → receiver p50 %.1f s, p95 %.1f s, max %.1f s%n",
        what,
        lat.size(),
        lat.get(lat.size() / 2) / 1000.0,
        lat.get((int) (lat.size() * 0.95)) / 1000.0,
        lat.get(lat.size() - 1) / 1000.0);
  }

  static void awaitAll(Receiver receiver, String tag, int n, int seconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      long got = receiver.arrivals().keySet().stream().filter(k -> k.contains("." + tag)).count();
      if (got >= n) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("not all " + n + " calls " + tag + " arrived");
  }

  /** follow through the packaged launcher, as vicisync.service starts it (CDS archive included). */
  static Process follow(Vici vici, Path dir, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("follow"));
    all.addAll(List.of(args));
    all.addAll(List.of(vici.commonArgs()));
    return follow(
        Launcher.install(dir.resolve("launcher")), all, dir.resolve("gc-follow.log"), dir);
  }

  static void stop(Process p) throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("follow did not stop cleanly on SIGTERM");
    }
  }

  /** 8 calls/s for {@code seconds}, receiver 50 ms: follow, then cron every 60 s, compared. */
  static void latency(Path dir) throws Exception {
    int seconds = Integer.getInteger("bench.latency.seconds", 180);
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      receiver.delay(50);
      Vici vici = new Vici(dir, receiver);
      Benchmark.history(vici, System.currentTimeMillis() / 1000 - 60, 7200);
      if (vici.run("run", "--initial-lookback", "30").exit() != 0) {
        throw new IllegalStateException("catching up failed");
      }

      Process f = follow(vici, dir);
      int n;
      try (Dialer d = new Dialer(vici, 8, "f")) {
        Thread.sleep(seconds * 1000L);
        n = d.inserted;
      }
      awaitAll(receiver, "f", n, 120);
      stop(f);
      printLatency("follow (settle 5 s, interval 5 s)", receiver, "f");

      AtomicBoolean cron = new AtomicBoolean(true);
      Thread crond =
          new Thread(
              () -> {
                while (cron.get()) {
                  long nextMinute = (System.currentTimeMillis() / 60_000 + 1) * 60_000;
                  try {
                    Thread.sleep(nextMinute - System.currentTimeMillis());
                    vici.start("run").waitFor();
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      crond.start();
      try (Dialer d = new Dialer(vici, 8, "c")) {
        Thread.sleep(seconds * 1000L);
        n = d.inserted;
      }
      awaitAll(receiver, "c", n, 180);
      cron.set(false);
      crond.interrupt();
      printLatency("cron, a run at each minute (settle 30 s)", receiver, "c");
    }
  }

  /**
   * Idle follow: 15 minutes of history at 8 calls/s in the table, delivered; then 10 minutes with
   * no new call, CPU from the process's own /proc accounting. Side by side with an earlier build
   * ({@code -Dbench.baseline=REV}, default {@link #IDLE_BASELINE}; {@code none}: this build alone),
   * both following the same database at the same time, each with its own state, log and receiver.
   */
  static void idle(Path dir) throws Exception {
    int minutes = Integer.getInteger("bench.idle.minutes", 10);
    String rev = System.getProperty("bench.baseline", IDLE_BASELINE);
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver();
        Receiver baseReceiver = new Receiver()) {
      receiver.lean();
      baseReceiver.lean();
      Vici vici = new Vici(dir, receiver);
      int history = Integer.getInteger("bench.idle.history", 7200);
      if (history > 0) {
        Benchmark.history(vici, System.currentTimeMillis() / 1000 - 10, history);
      }
      List<String> args = new ArrayList<>(List.of("follow", "--initial-lookback", "20"));
      args.addAll(List.of(vici.commonArgs()));
      Map<String, Process> builds = new LinkedHashMap<>();
      Map<String, Receiver> receivers = Map.of("this build", receiver, rev, baseReceiver);
      builds.put(
          "this build",
          follow(Launcher.install(dir.resolve("launcher")), args, dir.resolve("gc.log"), dir));
      if (!rev.equals("none")) {
        Launcher base = Baseline.build(dir, rev);
        Path dids = dir.resolve("base-dids.conf");
        Files.writeString(
            dids, Files.readString(vici.didsConf).replace(receiver.url(), baseReceiver.url()));
        List<String> baseArgs = new ArrayList<>(args);
        baseArgs.set(baseArgs.indexOf("--dids-conf") + 1, dids.toString());
        baseArgs.set(baseArgs.indexOf("--state-dir") + 1, dir.resolve("base-state").toString());
        baseArgs.set(baseArgs.indexOf("--log-file") + 1, dir.resolve("base.log").toString());
        builds.put(rev, follow(base, baseArgs, dir.resolve("gc-base.log"), dir));
      }
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      for (String b : builds.keySet()) {
        Receiver r = receivers.get(b);
        while (r.countByUniqueid().size() < history && System.nanoTime() < until) {
          Thread.sleep(200);
        }
        System.out.printf(
            "idle follow, %s: %,d calls of history delivered%n", b, r.countByUniqueid().size());
      }
      System.out.printf("idle follow: now %d idle minutes%n", minutes);
      Thread.sleep(5000);
      Map<String, double[]> start = new LinkedHashMap<>();
      Map<String, double[]> last = new LinkedHashMap<>();
      Map<String, StringBuilder> perMinute = new LinkedHashMap<>();
      builds.forEach(
          (b, p) -> {
            start.put(b, Benchmark.cpuSeconds(p.pid()));
            last.put(b, start.get(b));
            perMinute.put(b, new StringBuilder());
          });
      for (int m = 0; m < minutes; m++) {
        Thread.sleep(60_000);
        builds.forEach(
            (b, p) -> {
              double[] c = Benchmark.cpuSeconds(p.pid());
              double[] l = last.get(b);
              perMinute.get(b).append(String.format(" %.2f", c[0] + c[1] - l[0] - l[1]));
              last.put(b, c);
            });
      }
      for (String b : builds.keySet()) {
        double[] s0 = start.get(b);
        double[] s1 = last.get(b);
        double total = s1[0] + s1[1] - s0[0] - s0[1];
        System.out.printf(
            "idle follow, %s: %.2f CPU-s over %d minutes = %.3f CPU-s per minute (user %.2f, sys"
                + " %.2f); each minute:%s; calls posted while idle: %d%n",
            b,
            total,
            minutes,
            total / minutes,
            s1[0] - s0[0],
            s1[1] - s0[1],
            perMinute.get(b),
            receivers.get(b).countByUniqueid().size() - history);
      }
      for (Process p : builds.values()) {
        stop(p);
      }
    }
  }

  /**
   * The build before the work that issue #31 found had made follow's idle minute dearer (0.046
   * CPU-s a minute there, 0.076 at the issue's commit).
   */
  static final String IDLE_BASELINE = "c3563e3";

  /** follow through {@code launcher}, with its own CDS archive, as vicisync.service starts it. */
  static Process follow(Launcher launcher, List<String> args, Path gcLog, Path dir)
      throws Exception {
    if (launcher.makeArchive() != 0) {
      throw new IllegalStateException("vicisync-cds failed");
    }
    ProcessBuilder pb = launcher.command(args);
    String opts =
        "-Xlog:gc:file=" + gcLog + " " + System.getProperty("bench.follow.jvm", "").strip();
    pb.environment().put("JAVA_OPTS", opts.strip());
    return pb.redirectErrorStream(true)
        .redirectOutput(dir.resolve("follow-" + System.nanoTime() + ".out").toFile())
        .start();
  }

  /** RSS, threads, open files of a live process, from /proc. */
  static String resources(long pid) throws Exception {
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    long rss = field(status, "VmRSS:");
    long threads = field(status, "Threads:");
    long fds;
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds = s.count();
    }
    return String.format("RSS %,d kB, %d threads, %d open files", rss, threads, fds);
  }

  private static long field(String status, String name) {
    return status
        .lines()
        .filter(l -> l.startsWith(name))
        .map(l -> Long.parseLong(l.substring(name.length()).strip().replaceAll("\\D.*", "")))
        .findFirst()
        .orElse(-1L);
  }

  /** The heap after a full collection, asked of the running JVM. */
  static String heapAfterFullGc(long pid, Path gcLog) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    Thread.sleep(500);
    String log = Files.readString(gcLog);
    Matcher m = Pattern.compile("Pause Full[^\\n]*?->(\\d+)M\\(").matcher(log);
    String last = "?";
    while (m.find()) {
      last = m.group(1) + " MB";
    }
    return last;
  }

  /**
   * Two hours at 20 calls/s, compressed: the same 144,000 calls, hanging up 8× as fast (160/s for
   * 15 minutes), a receiver answering in 2 ms. Resources at the start and the end; every call once.
   */
  static void soak(Path dir) throws Exception {
    int minutes = Integer.getInteger("bench.soak.minutes", 15);
    double rate = 20.0 * 120 / minutes; // 144,000 calls in all
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      receiver.lean();
      receiver.delay(2);
      Vici vici = new Vici(dir, receiver);
      Path gc = dir.resolve("gc-follow.log");
      Process f = follow(vici, dir, "--initial-lookback", "1");
      int n;
      try (Dialer d = new Dialer(vici, rate, "s")) {
        Thread.sleep(60_000);
        System.out.printf(
            "soak, after 1 minute: %s, heap after full GC %s%n",
            resources(f.pid()), heapAfterFullGc(f.pid(), gc));
        for (int m = 2; m <= minutes; m++) {
          Thread.sleep(60_000);
          System.out.printf("soak, minute %d: %s%n", m, resources(f.pid()));
        }
        n = d.inserted;
      }
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (receiver.countByUniqueid().size() < n && System.nanoTime() < until) {
        Thread.sleep(500);
      }
      System.out.printf(
          "soak, at the end: %s, heap after full GC %s; CPU %.1f s%n",
          resources(f.pid()),
          heapAfterFullGc(f.pid(), gc),
          Benchmark.cpuSeconds(f.pid())[0] + Benchmark.cpuSeconds(f.pid())[1]);
      stop(f);
      Map<String, Integer> got = receiver.countByUniqueid();
      long twice = got.values().stream().filter(x -> x > 1).count();
      System.out.printf(
          "soak: %,d calls hung up at %.0f/s for %d minutes; %,d delivered, %d more than once%n",
          n, rate, minutes, got.size(), twice);
    }
  }
}
