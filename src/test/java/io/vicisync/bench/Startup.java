package io.vicisync.bench;

import io.vicisync.it.Launcher;
import io.vicisync.it.Receiver;
import io.vicisync.it.Vici;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
   * Writes packaging/common/lib/classlist: the classes loaded by a run that posts 50 new calls with
   * enrichment (the idle poll's classes are a subset).
   */
  static void classlist(Path dir) throws Exception {
    withTraffic(
        dir,
        (vici, receiver) -> {
          Path list = Path.of("packaging", "common", "lib", "classlist").toAbsolutePath();
          List<String> jvm =
              new ArrayList<>(
                  List.of(
                      "-Xmx64m",
                      "-XX:TieredStopAtLevel=1",
                      "-XX:+UseSerialGC",
                      "-XX:DumpLoadedClassList=" + list));
          int exit = vici.start(jvm, "run").waitFor();
          System.out.printf(
              "class list: %s, %d classes, from a run that posted %,d calls, exit %d%n",
              list, Files.readAllLines(list).size(), receiver.posts().size(), exit);
        });
  }
}
