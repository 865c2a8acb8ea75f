package io.vicisync.bench;

import io.vicisync.it.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An earlier build of vicisync to measure beside this one: the revision's tree, exported from git
 * into the benchmark's directory and packaged there, installed behind its own launcher.
 */
final class Baseline {
  private Baseline() {}

  /** {@code rev}'s launcher, scripts and jar under {@code dir}, built from its own sources. */
  static Launcher build(Path dir, String rev) throws Exception {
    Path tree = dir.resolve("baseline-src");
    Files.createDirectories(tree);
    sh(Path.of("."), "git archive " + rev + " | tar -x -C " + tree);
    System.out.println("building the baseline " + rev + " in " + tree + " …");
    sh(tree, "mvn -q -o -B -DskipTests -Dspotless.check.skip=true package >build.log 2>&1");
    return Launcher.install(dir.resolve("base"), tree, tree.resolve("target/vicisync.jar"));
  }

  static void sh(Path cwd, String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(cwd.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + script);
    }
  }
}
