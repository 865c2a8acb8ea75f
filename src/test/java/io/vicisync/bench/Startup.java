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
  private static final int ROUNDS = 7;

  private Startup() {}

  /** 15 minutes of traffic at 8 calls/s, all delivered; then idle polls, measured. */
  static void idle(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      Benchmark.traffic(vici, now - 900, now - 40, "i");
      Launcher launcher = Launcher.install(dir);
      int first = launcher.command(vici, "run").inheritIO().start().waitFor();
      System.out.printf("first run delivered %,d calls, exit %d%n", receiver.posts().size(), first);
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
      report("plain JVM (java -Xmx64m -jar)", ROUNDS,
          () -> vici.start(List.of("-Xmx64m"), "run"));
      report("JVM options only (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)", ROUNDS,
          () -> vici.start(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
              "run"));
      report("launcher: options + CDS archive from vicisync-cds", ROUNDS,
          () -> launcher.command(vici, "run").redirectErrorStream(true)
              .redirectOutput(dir.resolve("launcher.out").toFile()).start());
      System.out.printf("posts received in all: %,d (none after the first run means every poll"
          + " was idle)%n", receiver.posts().size());
    }
  }

  /** -Dbench.hold=true: leaves the set-up running for measuring by hand until ENTER. */
  private static void hold(Path dir, Vici vici, Launcher launcher) throws Exception {
    Path env = dir.resolve("hold.sh");
    Files.writeString(env, "export VICISYNC_HOME=" + launcher.home + " VICISYNC_CDS_DIR="
        + launcher.cdsDir + "\nARGS=\"" + String.join(" ", vici.commonArgs()) + "\"\n");
    System.out.println("holding; source " + env + " then $VICISYNC_HOME/vicisync run $ARGS");
    while (!Files.exists(dir.resolve("release"))) {
      Thread.sleep(500);
    }
  }

  interface Starter {
    Process start() throws Exception;
  }

  private static void report(String what, int rounds, Starter starter) throws Exception {
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      Benchmark.Measured m = Benchmark.measure(starter.start(), System.nanoTime(), null);
      if (m.exit() != 0) {
        throw new IllegalStateException(what + ": exit " + m.exit());
      }
      wall[i] = m.wallSeconds();
      cpu[i] = m.cpuSeconds();
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf("idle poll, %s, %d runs: median %.2f s wall (%.2f–%.2f), %.2f CPU-s"
            + " user+sys (%.2f–%.2f)%n", what, rounds, wall[rounds / 2], wall[0],
        wall[rounds - 1], cpu[rounds / 2], cpu[0], cpu[rounds - 1]);
  }

  /**
   * Writes packaging/common/lib/classlist: the classes loaded by a run that posts 50 new calls
   * with enrichment (the idle poll's classes are a subset).
   */
  static void classlist(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Receiver receiver = new Receiver()) {
      Vici vici = new Vici(dir, receiver);
      long now = vici.dbNow();
      Benchmark.traffic(vici, now - 900, now - 40, "c");
      Path list = Path.of("packaging", "common", "lib", "classlist").toAbsolutePath();
      List<String> jvm = new ArrayList<>(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-XX:DumpLoadedClassList=" + list));
      int exit = vici.start(jvm, "run").waitFor();
      System.out.printf("class list: %s, %d classes, from a run that posted %,d calls, exit %d%n",
          list, Files.readAllLines(list).size(), receiver.posts().size(), exit);
    }
  }
}
