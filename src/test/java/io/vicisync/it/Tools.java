package io.vicisync.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The distributions' tools the packaging tests run: found or skipped with a message, and run. */
final class Tools {
  private Tools() {}

  /**
   * Whether {@code tool} is on the PATH; the check of {@code test} that needs it is skipped, saying
   * so and which Debian package brings it, if not.
   */
  static void need(String test, String tool, String debianPackage) throws Exception {
    boolean there = exec(List.of("sh", "-c", "command -v " + tool)).exit() == 0;
    if (!there) {
      System.out.println(
          test
              + ": "
              + tool
              + " is not installed (apt-get install "
              + debianPackage
              + "): its check is skipped");
    }
    Assumptions.assumeTrue(there, tool + " is not installed");
  }

  /** Runs {@code cmd}; its stdout and stderr together. */
  static Vici.Result exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Vici.Result(p.waitFor(), out, "");
  }
}
