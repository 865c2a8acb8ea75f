package io.vicisync.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher and the CDS maker from {@code packaging/common}, installed with the built jar into a
 * directory of the test's, as the packages install them into /usr/share/vicisync.
 */
public final class Launcher {
  public final Path home;
  public final Path cdsDir;

  private Launcher(Path home, Path cdsDir) {
    this.home = home;
    this.cdsDir = cdsDir;
  }

  /** Copies launcher, scripts, class list and jar into {@code dir/home}. */
  public static Launcher install(Path dir) throws IOException {
    return install(dir, Path.of("."), Vici.jar());
  }

  /** The same from another checkout ({@code tree}) and its built {@code jar}. */
  public static Launcher install(Path dir, Path tree, Path jar) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path common = tree.resolve("packaging").resolve("common");
    copy(common.resolve("bin/vicisync"), home.resolve("vicisync"));
    copy(common.resolve("lib/cds.sh"), home.resolve("cds.sh"));
    copy(common.resolve("lib/vicisync-cds"), home.resolve("vicisync-cds"));
    copy(common.resolve("lib/classlist"), home.resolve("classlist"));
    copy(jar, home.resolve("vicisync.jar"));
    return new Launcher(home, dir.resolve("cds"));
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
  }

  /** Runs vicisync-cds; returns its exit code. */
  public int makeArchive() throws IOException, InterruptedException {
    Process p = builder(List.of(home.resolve("vicisync-cds").toString())).inheritIO().start();
    return p.waitFor();
  }

  /** {@code vicisync COMMAND ARGS... --common-options} through the launcher, as cron runs it. */
  public ProcessBuilder command(Vici vici, String command, String... args) {
    List<String> cmd = new ArrayList<>(List.of(command));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of(vici.commonArgs()));
    return command(cmd);
  }

  /** {@code vicisync ARGS...} through the launcher. */
  public ProcessBuilder command(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("vicisync").toString()));
    cmd.addAll(args);
    return builder(cmd);
  }

  private ProcessBuilder builder(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("VICISYNC_HOME", home.toString());
    env.put("VICISYNC_CDS_DIR", cdsDir.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // never this machine's own /etc/default/vicisync or /etc/sysconfig/vicisync
    env.put("VICISYNC_DEFAULTS", home.resolve("no-defaults").toString());
    env.put("VICISYNC_STATE_DIR", home.resolve("state").toString());
    return pb;
  }
}
