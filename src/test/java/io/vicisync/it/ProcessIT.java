package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built jar as cron runs it: killed mid-batch, and started twice at once. */
class ProcessIT extends ViciTest {

  @Test
  void aRunKilledMidBatchLosesNothingAndReSendsAtMostWhatWasInFlight() throws Exception {
    vici.insertFinished(1500, "1700000100.");
    receiver.delay(20);

    Process p = vici.start("run");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (receiver.posts().size() < 700 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
    p.waitFor();
    int beforeKill = receiver.posts().size();
    assertThat(beforeKill).as("killed mid-run, not after it").isBetween(700, 1499);
    assertThat(Files.readString(vici.checkpoint())).contains("\"scan\"");

    receiver.delay(0);
    assertThat(vici.start("run").waitFor()).isZero();

    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got).hasSize(1500);
    long resent = got.values().stream().filter(n -> n > 1).count();
    assertThat(got.values()).allMatch(n -> n <= 2);
    assertThat(resent).as("re-sent after kill -9").isLessThanOrEqualTo(16);
  }

  @Test
  void aRunStoppedBySigtermSaysWhereTheNextResumesAndExits143() throws Exception {
    vici.insertFinished(1500, "1700000150.");
    receiver.delay(20);

    Process p = vici.start("run");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (receiver.posts().size() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("it stops by itself").isTrue();

    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(receiver.posts().size()).as("stopped, not drained").isLessThan(1500);
    assertThat(vici.log())
        .containsPattern(
            "SIGTERM: stopped; the posts in flight finished and the checkpoint is saved,"
                + " the next run resumes from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")
        .contains("summary: posted ");
    receiver.delay(0);
    assertThat(vici.start("run").waitFor()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(1500);
    assertThat(receiver.countByUniqueid().values()).as("nothing sent twice").containsOnly(1);
  }

  @Test
  void aBackfillStoppedBySigtermSaysHowToResumeExits143AndResumes() throws Exception {
    vici.insertFinished(1500, "1700000160.");
    receiver.delay(20);

    Process p = vici.start("backfill", "--minutes", "60");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (receiver.posts().size() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // SIGTERM, not SIGINT: a test run from a background shell starts Java with SIGINT ignored;
    // both go through the same handler (130 for SIGINT)
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("it stops by itself").isTrue();

    assertThat(p.exitValue()).as("as a shell expects of a SIGTERM").isEqualTo(143);
    assertThat(receiver.posts().size()).as("stopped, not drained").isLessThan(1500);
    assertThat(vici.log())
        .contains(
            "SIGTERM: stopped; the posts in flight finished and the position is saved:"
                + " 'vicisync backfill --minutes 60' resumes where it stopped");
    receiver.delay(0);
    assertThat(vici.start("backfill", "--minutes", "60").waitFor()).isZero();
    assertThat(vici.log()).contains("resuming the backfill --minutes 60");
    assertThat(receiver.countByUniqueid()).hasSize(1500);
    assertThat(receiver.countByUniqueid().values()).as("nothing sent twice").containsOnly(1);
  }

  @Test
  void twoRunsStartedAtOnceSendEachCallOnce() throws Exception {
    vici.insertFinished(400, "1700000200.");
    receiver.delay(10);

    Process a = vici.start("run");
    Process b = vici.start("run");

    assertThat(a.waitFor()).isZero();
    assertThat(b.waitFor()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(400);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    assertThat(vici.log())
        .containsPattern("another run \\(pid \\d+, vicisync run\\) is in progress");
  }
}
