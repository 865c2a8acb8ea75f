package io.vicisync.bench;

import io.vicisync.it.Launcher;
import io.vicisync.it.Receiver;
import io.vicisync.it.Vici;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Issue #4: what cron's minute costs the dialer when there is nothing to send — an idle poll, the
 * whole process, with the JVM started three ways: plain, with the launcher's options, and through
 * the packaged launcher with the CDS archive vicisync-cds made. Also regenerates the class list
 * that archive is made from ({@code -Dbench.only=classlist}).
 */
final class Startup {
  private static final int ROUNDS = 9;

  private Startup() {}

  /** 15 minutes of traffic at 8 calls/s, all delivered; then idle polls, measured. */
  static void idle(Path dir) throws Exception {
    withTraffic(
        dir,
        (vici, receiver) -> {
          Launcher launcher = Launcher.install(dir);
          int first = launcher.command(vici, "run").inheritIO().start().waitFor();
          System.out.printf(
              "first run delivered %,d calls, exit %d%n", receiver.posts().size(), first);
          // the first run found no archive and started vicisync-cds in the background: wait for it
          while (Files.exists(launcher.cdsDir.resolve(".making"))) {
            Thread.sleep(100);
          }
          if (launcher.makeArchive() != 0) {
            throw new IllegalStateException("vicisync-cds failed");
          }
          if (Boolean.getBoolean("bench.hold")) {
            hold(dir, vici, launcher);
          }
          // interleaved, so that whatever else the machine does falls on every variant alike
          report(
              ROUNDS,
              new Variant(
                  "plain JVM (java -Xmx64m -jar)", () -> vici.start(List.of("-Xmx64m"), "run")),
              new Variant(
                  "JVM options only (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)",
                  () ->
                      vici.start(
                          List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                          "run")),
              new Variant(
                  "launcher without CDS (VICISYNC_CDS=0)",
                  () -> {
                    ProcessBuilder pb =
                        launcher
                            .command(vici, "run")
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("launcher-nocds.out").toFile());
                    pb.environment().put("VICISYNC_CDS", "0");
                    return pb.start();
                  }),
              new Variant(
                  "launcher: options + CDS archive from vicisync-cds",
                  () ->
                      launcher
                          .command(vici, "run")
                          .redirectErrorStream(true)
                          .redirectOutput(dir.resolve("launcher.out").toFile())
                          .start()));
          System.out.printf(
              "posts received in all: %,d (none after the first run means every poll"
                  + " was idle)%n",
              receiver.posts().size());
        });
  }

  interface WithTraffic {
    void run(Vici vici, Receiver receiver) throws Exception;
  }

  /** A VICIdial database with the last 15 minutes of traffic at 8 calls/s, and a receiver. */
  private static void withTraffic(Path dir, WithTraffic body) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      Benchmark.traffic(vici, now - 900, now - 40, "t");
      body.run(vici, receiver);
    }
  }

  /** -Dbench.hold=true: leaves the set-up running for measuring by hand until ENTER. */
  private static void hold(Path dir, Vici vici, Launcher launcher) throws Exception {
    Path env = dir.resolve("hold.sh");
    Files.writeString(
        env,
        "export VICISYNC_HOME="
            + launcher.home
            + " VICISYNC_CDS_DIR="
            + launcher.cdsDir
            + "\nARGS=\""
            + String.join(" ", vici.commonArgs())
            + "\"\n");
    System.out.println("holding; source " + env + " then $VICISYNC_HOME/vicisync run $ARGS");
    while (!Files.exists(dir.resolve("release"))) {
      Thread.sleep(500);
    }
  }

  interface Starter {
    Process start() throws Exception;
  }

  record Variant(String name, Starter starter) {}

  private static void report(int rounds, Variant... variants) throws Exception {
    double[][] wall = new double[variants.length][rounds];
    double[][] cpu = new double[variants.length][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int v = 0; v < variants.length; v++) {
        Benchmark.Measured m =
            Benchmark.measure(variants[v].starter().start(), System.nanoTime(), null);
        if (m.exit() != 0) {
          throw new IllegalStateException(variants[v].name() + ": exit " + m.exit());
        }
        wall[v][i] = m.wallSeconds();
        cpu[v][i] = m.cpuSeconds();
      }
    }
    for (int v = 0; v < variants.length; v++) {
      Arrays.sort(wall[v]);
      Arrays.sort(cpu[v]);
      System.out.printf(
          "idle poll, %s, %d runs: median %.2f s wall (%.2f–%.2f), %.2f CPU-s"
              + " user+sys (%.2f–%.2f)%n",
          variants[v].name(),
          rounds,
          wall[v][rounds / 2],
          wall[v][0],
          wall[v][rounds - 1],
          cpu[v][rounds / 2],
          cpu[v][0],
          cpu[v][rounds - 1]);
    }
  }

  /**
   * Writes packaging/common/lib/classlist: the classes loaded by a run that posts calls with
   * enrichment (an idle poll's classes are a subset), and by check and status, which NRPE and
   * administrators run often and which build a command model cron's line does not.
   */
  static void classlist(Path dir) throws Exception {
    withTraffic(
        dir,
        (vici, receiver) -> {
          Path list = Path.of("packaging", "common", "lib", "classlist").toAbsolutePath();
          LinkedHashSet<String> all = new LinkedHashSet<>();
          String[][] commands = {{"run"}, {"check"}, {"status"}};
          for (String[] command : commands) {
            Path part = dir.resolve("classlist-" + command[0]);
            List<String> jvm =
                List.of(
                    "-Xmx64m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-XX:DumpLoadedClassList=" + part);
            int exit = vici.start(jvm, command[0]).waitFor();
            List<String> lines = Files.readAllLines(part);
            all.addAll(lines);
            System.out.printf(
                "%s: %d classes, exit %d (posts so far %,d)%n",
                command[0], lines.size(), exit, receiver.posts().size());
          }
          Files.write(list, all);
          System.out.printf("class list: %s, %d lines%n", list, all.size());
        });
  }

  /**
   * Issue #22: cron's minute, idle, through the packaged launcher and its CDS archive, side by side
   * with an earlier build ({@code -Dbench.baseline=REV}, default the commit before that work),
   * built from a checkout of that revision in a temporary directory. 15 minutes of history at 8
   * calls/s, all delivered; each build has its own copy of the state. Interleaved rounds of run,
   * --version, status and check; CPU is the whole process's user+sys, from the shell's {@code
   * times} after it is reaped.
   */
  static void sideBySide(Path dir) throws Exception {
    String rev = System.getProperty("bench.baseline", BASELINE);
    Launcher base = Baseline.build(dir, rev);
    withTraffic(
        dir,
        (vici, receiver) -> {
          Launcher now = Launcher.install(dir.resolve("now"));
          int first = now.command(vici, "run").inheritIO().start().waitFor();
          System.out.printf(
              "first run delivered %,d calls, exit %d%n", receiver.posts().size(), first);
          copyTree(vici.stateDir, dir.resolve("base-state"));
          // the first run found no archive and started vicisync-cds in the background
          while (Files.exists(now.cdsDir.resolve(".making"))) {
            Thread.sleep(100);
          }
          if (now.makeArchive() != 0 || base.makeArchive() != 0) {
            throw new IllegalStateException("vicisync-cds failed");
          }
          List<String> nowArgs = List.of(vici.commonArgs());
          List<String> baseArgs = new ArrayList<>(nowArgs);
          baseArgs.set(baseArgs.indexOf("--state-dir") + 1, dir.resolve("base-state").toString());
          baseArgs.set(baseArgs.indexOf("--log-file") + 1, dir.resolve("base.log").toString());
          String[][] commands = {{"run"}, {"--version"}, {"status"}, {"check"}};
          double[][][] cpu = new double[commands.length][2][ROUNDS];
          double[][][] wall = new double[commands.length][2][ROUNDS];
          for (int i = 0; i < ROUNDS; i++) {
            for (int c = 0; c < commands.length; c++) {
              for (int b = 0; b < 2; b++) {
                List<String> args = new ArrayList<>(List.of(commands[c]));
                if (!commands[c][0].startsWith("--")) {
                  args.addAll(b == 0 ? nowArgs : baseArgs);
                }
                double[] m = timed(b == 0 ? now : base, args);
                cpu[c][b][i] = m[0];
                wall[c][b][i] = m[1];
              }
            }
          }
          System.out.printf(
              "%d rounds, interleaved; CPU-s user+sys of the whole process, median (max); baseline"
                  + " %s%n",
              ROUNDS, rev);
          for (int c = 0; c < commands.length; c++) {
            for (int b = 0; b < 2; b++) {
              Arrays.sort(cpu[c][b]);
              Arrays.sort(wall[c][b]);
            }
            double ratio = cpu[c][0][ROUNDS / 2] / cpu[c][1][ROUNDS / 2];
            System.out.printf(
                "%-10s this build %.2f CPU-s (max %.2f), %.2f s wall | baseline %.2f CPU-s (max"
                    + " %.2f), %.2f s wall | ratio %.2f%n",
                commands[c][0],
                cpu[c][0][ROUNDS / 2],
                cpu[c][0][ROUNDS - 1],
                wall[c][0][ROUNDS / 2],
                cpu[c][1][ROUNDS / 2],
                cpu[c][1][ROUNDS - 1],
                wall[c][1][ROUNDS / 2],
                ratio);
          }
          System.out.printf(
              "posts received in all: %,d (none after the first run: every poll was idle)%n",
              receiver.posts().size());
        });
  }

  /** The commit before issue #22's work: the build cron ran before it. */
  static final String BASELINE = "7375614";

  /** {CPU-s user+sys, wall s} of one launcher run, CPU from the shell's times once reaped. */
  private static double[] timed(Launcher l, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(l.command(args).command());
    StringBuilder line = new StringBuilder();
    for (String a : cmd) {
      line.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    ProcessBuilder pb = l.command(args);
    pb.command("sh", "-c", line + ">/dev/null 2>&1; times");
    pb.redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    List<String> lines = out.strip().lines().toList();
    // times: the shell's own user and sys, then its children's, as 0m0.41s 0m0.06s
    String children = lines.get(lines.size() - 1).strip();
    int gap = children.indexOf(' ');
    return new double[] {
      seconds(children.substring(0, gap)) + seconds(children.substring(gap + 1).strip()), wall
    };
  }

  private static double seconds(String t) {
    int m = t.indexOf('m');
    return Double.parseDouble(t.substring(0, m)) * 60
        + Double.parseDouble(t.substring(m + 1, t.length() - 1));
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Baseline.sh(Path.of("."), "cp -a '" + from + "' '" + to + "'");
  }
}
