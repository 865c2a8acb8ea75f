package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code vicisync follow} as systemd runs it: the jar as a process, signalled, killed, and with its
 * database and receiver going away under it. Every wait polls the receiver or the files; none is a
 * fixed sleep.
 */
class FollowIT extends ViciTest {
  private final List<Process> started = new ArrayList<>();
  private int seq;

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  private Process follow(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--interval", "0.5", "--max-backoff", "2"));
    all.addAll(List.of(args));
    Process p = vici.start(List.of("-Xmx64m"), "follow", all.toArray(String[]::new));
    started.add(p);
    Vici.await(() -> logHas("follow: vicisync"), 30, "follow to start");
    return p;
  }

  /**
   * {@code n} calls that ended a few seconds ago (past follow's 5 s settle), as the dialer does.
   */
  private List<String> hangUp(int n) throws Exception {
    long now = vici.dbNow();
    List<Call> calls = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = now + "." + seq++;
      long start = now - 40;
      calls.add(new Call(id, vici.local(start), start).answered(30, "SALE"));
      ids.add(id);
    }
    vici.insert(calls);
    return ids;
  }

  private boolean logHas(String s) {
    try {
      return vici.log().contains(s);
    } catch (Exception e) {
      return false;
    }
  }

  private void allArrive(List<String> ids, int seconds) throws Exception {
    Vici.await(
        () -> receiver.countByUniqueid().keySet().containsAll(ids),
        seconds,
        ids.size() + " calls to arrive");
  }

  private static int signal(Process p, String sig) throws Exception {
    return new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
  }

  /**
   * The state directory's disk fills while follow runs: what the receiver acknowledged and could
   * not be written is held in memory, so no poll posts it again; once space is freed it is written
   * and every call has arrived once.
   */
  @Test
  void aFullStateDiskPostsNothingTwice() throws Exception {
    Files.createDirectories(vici.stateDir);
    Assumptions.assumeTrue(
        new ProcessBuilder(
                    "mount",
                    "-t",
                    "tmpfs",
                    "-o",
                    "size=512k,mode=0750",
                    "tmpfs",
                    vici.stateDir.toString())
                .start()
                .waitFor()
            == 0,
        "needs root and tmpfs to fill a disk; skipped");
    Path fillerFile = vici.stateDir.resolve("filler");
    try {
      Process p = follow();
      // 170 records fill the ledger segment's first page (tmpfs pages are 4 kB): the next
      // acknowledged call needs a page the full disk will not give
      List<String> ids = new ArrayList<>(hangUp(170));
      allArrive(ids, 30);
      // the disk stays full: whatever a failed write frees, the filler takes again
      AtomicBoolean filling = new AtomicBoolean(true);
      Thread filler =
          new Thread(
              () -> {
                byte[] page = new byte[4096];
                try (var out =
                    Files.newOutputStream(
                        fillerFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                  while (filling.get()) {
                    try {
                      out.write(page);
                      out.flush();
                    } catch (IOException full) {
                      Thread.onSpinWait();
                    }
                  }
                } catch (Exception e) {
                  // the test ends
                }
              });
      filler.start();
      for (int i = 0; i < 6; i++) {
        ids.addAll(hangUp(60));
        Thread.sleep(1500);
      }
      Vici.await(() -> logHas("No space left on device"), 30, "the full disk to be met");
      filling.set(false);
      filler.join();
      Files.delete(fillerFile);
      ids.addAll(hangUp(5));
      allArrive(ids, 60);
      Vici.await(() -> logHas("calls flow again"), 30, "follow to say it recovered");
      assertThat(signal(p, "TERM")).isZero();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Map<String, Integer> got = receiver.countByUniqueid();
      assertThat(got.keySet()).containsAll(ids);
      assertThat(got.values()).as("no call posted twice").containsOnly(1);
    } finally {
      started.forEach(Process::destroyForcibly);
      new ProcessBuilder("umount", "-l", vici.stateDir.toString())
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void deliversCallsAsTheyEndAndStopsCleanlyOnSigterm() throws Exception {
    Process p = follow();
    List<String> first = hangUp(20);
    allArrive(first, 30);
    List<String> second = hangUp(20);
    allArrive(second, 30);

    // SIGTERM in the middle of a drain of 600 slow posts
    receiver.delay(20);
    List<String> backlog = hangUp(600);
    Vici.await(() -> receiver.countByUniqueid().size() > 100, 60, "the drain to begin");
    signal(p, "TERM");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ends within api_timeout").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(vici.log()).contains("follow: SIGTERM: stopping");
    try (var outputs = Files.list(vici.dir)) {
      for (Path out :
          outputs.filter(f -> f.getFileName().toString().startsWith("process-")).toList()) {
        assertThat(Files.readString(out))
            .as("a follow that did its job prints nothing, from us or a library (the journal)")
            .isEmpty();
      }
    }
    String checkpoint = Files.readString(vici.checkpoint());
    assertThat(checkpoint).contains("cursorEpoch");
    assertThat(Files.readString(vici.stateDir.resolve("runs.jsonl")))
        .as("one line for the hour so far, written at exit")
        .hasLineCount(1);

    receiver.delay(0);
    follow();
    allArrive(backlog, 60);
    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got).hasSize(640);
    assertThat(got.values()).as("nothing sent twice across a SIGTERM").containsOnly(1);
  }

  @Test
  void killNineLosesNothing() throws Exception {
    receiver.delay(10);
    Process p = follow();
    List<String> ids = hangUp(800);
    Vici.await(() -> receiver.countByUniqueid().size() > 200, 60, "the drain to begin");
    p.destroyForcibly().waitFor();
    receiver.delay(0);
    follow();
    allArrive(ids, 60);
    assertThat(receiver.countByUniqueid().values())
        .as("at most the posts in flight at the kill are sent again")
        .allMatch(n -> n <= 2);
    assertThat(receiver.countByUniqueid().values().stream().filter(n -> n > 1).count())
        .isLessThanOrEqualTo(16);
  }

  @Test
  void theDatabaseGoingAwayAndComingBackLosesNothing() throws Exception {
    try (TcpCut db = new TcpCut(MariaDb.port())) {
      vici.dbPort(db.port());
      Process p = follow();
      List<String> before = hangUp(10);
      allArrive(before, 30);
      db.down(); // connections reset, new ones refused: MariaDB stopped
      List<String> during = hangUp(10);
      Vici.await(() -> logHas("error:"), 30, "the outage to be noticed");
      long downAt = System.nanoTime();
      Vici.await(() -> System.nanoTime() - downAt > TimeUnit.SECONDS.toNanos(4), 10, "a few polls");
      assertThat(receiver.countByUniqueid().keySet()).doesNotContainAnyElementsOf(during);
      db.up();
      List<String> after = hangUp(10);
      allArrive(during, 60);
      allArrive(after, 60);
      databaseCameBack(p);
    }
  }

  private void databaseCameBack(Process p) throws Exception {
    assertThat(p.isAlive()).isTrue();
    assertThat(receiver.countByUniqueid()).hasSize(30);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    Vici.await(() -> logHas("back after"), 30, "the line that says it is back");
    String log = vici.log();
    assertThat(log.lines().filter(l -> l.contains("error:")).count())
        .as("one line when it goes (and at most one more if the error changes), not one per poll")
        .isBetween(1L, 2L);
  }

  @Test
  void aReceiverDownFor503sAndRefusedConnectionsGetsEveryCallOnce() throws Exception {
    Process p = follow();
    receiver.script((n, b) -> new Receiver.Reply(503, "{\"error\":\"maintenance\"}", Map.of()));
    List<String> during503 = hangUp(10);
    Vici.await(() -> logHas("HTTP 503"), 30, "the 503s to be noticed");
    Vici.Result status = vici.run("status");
    assertThat(status.out()).as("status shows the outage, as for cron runs").contains("HTTP 503");
    receiver.down();
    List<String> duringDown = hangUp(10);
    long downAt = System.nanoTime();
    Vici.await(() -> System.nanoTime() - downAt > TimeUnit.SECONDS.toNanos(3), 10, "a few polls");
    receiver.script((n, b) -> null);
    receiver.up();
    allArrive(during503, 60);
    allArrive(duringDown, 60);
    assertThat(p.isAlive()).isTrue();
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    Vici.await(() -> logHas("back after"), 30, "the line that says it is back");
  }

  @Test
  void cronRunDuringFollowExitsQuietlyAndPostsNothing() throws Exception {
    follow();
    allArrive(hangUp(5), 30);
    int posts = receiver.requests();
    for (int i = 0; i < 3; i++) {
      Vici.Result r = vici.exec("022", 30, "run");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEmpty();
    }
    assertThat(receiver.requests()).isEqualTo(posts);
    assertThat(vici.log().lines().filter(l -> l.contains("this run exits")).count())
        .as("said once an hour, not once a minute")
        .isEqualTo(1);
    // an administrator's backfill is told what to do, at once
    Vici.Result b = vici.exec("022", 30, "backfill", "--minutes", "10");
    assertThat(b.exit()).isEqualTo(75);
    assertThat(b.err()).contains("vicisync follow").contains("systemctl stop vicisync");
  }

  @Test
  void sighupTakesANewApiKeyAndKeepsTheOldSettingsWhenTheFileIsBroken() throws Exception {
    Process p = follow();
    allArrive(hangUp(3), 30);

    vici.sync("overlap = a while");
    signal(p, "HUP");
    Vici.await(() -> logHas("configuration not reloaded"), 30, "the broken file to be refused");
    allArrive(hangUp(3), 30); // still delivering, with the old settings

    vici.sync("overlap = 600");
    vici.apiKey("rotated-key-789");
    receiver.key("rotated-key-789");
    signal(p, "HUP");
    Vici.await(() -> logHas("configuration reloaded"), 30, "the reload");
    List<String> after = hangUp(3);
    allArrive(after, 30);
    assertThat(
            receiver.posts().stream()
                .filter(x -> after.contains(x.uniqueid()))
                .map(x -> x.headers().get("x-api-key")))
        .containsOnly("rotated-key-789");
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void aLogRotatedUnderItLosesNoLine() throws Exception {
    follow();
    List<String> ids = new ArrayList<>(hangUp(30));
    allArrive(ids, 30);
    Path rotated = vici.logFile.resolveSibling(vici.logFile.getFileName() + ".1");
    Files.move(vici.logFile, rotated); // what logrotate's "create" does: rename, then a new file
    Files.createFile(vici.logFile);
    List<String> more = hangUp(30);
    ids.addAll(more);
    allArrive(more, 30);
    // the lines are written as the posts are acknowledged: wait for them, then look for each
    Vici.await(() -> ids.stream().allMatch(id -> logsHave(rotated, id)), 10, "every ✓ line");
    String fresh = Files.readString(vici.logFile);
    assertThat(more.stream().filter(id -> fresh.contains("✓ " + id + " ")).count())
        .as("lines after the rotation go to the new file")
        .isGreaterThan(0);
  }

  private boolean logsHave(Path rotated, String id) {
    try {
      return (Files.readString(rotated) + Files.readString(vici.logFile)).contains("✓ " + id + " ");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aConfigurationErrorAtStartExits78() throws Exception {
    Vici.Result r = vici.exec("022", 30, "follow", "--interval", "soon");
    assertThat(r.exit()).as("a bad value on the command line: a usage error").isEqualTo(64);
    assertThat(r.err()).contains("interval").hasLineCount(1);
    receiver.script(
        (n, b) -> new Receiver.Reply(200, "<html><body>Welcome to nginx</body></html>", Map.of()));
    hangUp(1);
    Vici.Result html = vici.exec("022", 60, "follow", "--interval", "0.5");
    assertThat(html.exit()).isEqualTo(78);
    assertThat(html.err()).contains("follow exits");
  }
}
