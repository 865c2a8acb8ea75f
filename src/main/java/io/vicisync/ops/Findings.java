package io.vicisync.ops;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import java.io.PrintStream;

/**
 * What {@code doctor}'s checks found, line by line as they find it: ✓ passed, ✗ failed (the sync
 * cannot work or would lose data), ⚠ advice; and the summary line and exit code at the end.
 */
final class Findings {
  private final PrintStream out;
  private int checks;
  private int failed;
  private int warned;

  Findings(PrintStream out) {
    this.out = out;
  }

  void pass(String line) {
    checks++;
    out.println("✓ " + line);
  }

  void fail(String line) {
    checks++;
    failed++;
    out.println("✗ " + Text.safe(line));
  }

  void warn(String line) {
    checks++;
    warned++;
    out.println("⚠ " + Text.safe(line));
  }

  /** A line that is not a finding (the settings table under a check). */
  void say(String line) {
    out.println(line);
  }

  /** OK when no check failed, else PROBLEMS_FOUND; the summary line says how many of each. */
  ExitCode summary() {
    String advice = warned == 0 ? "" : ", " + warned + " with advice (⚠)";
    out.println(
        failed + warned == 0
            ? "doctor: all " + checks + " checks passed"
            : failed == 0
                ? "doctor: no check failed" + advice
                : "doctor: " + failed + " of " + checks + " checks failed" + advice);
    return failed == 0 ? ExitCode.OK : ExitCode.PROBLEMS_FOUND;
  }
}
