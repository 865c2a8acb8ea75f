package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * vicisync runs as root on a server other users share. An unprivileged local user (uid 65534,
 * "nobody", through setpriv) plants what it can where it can write; root's run must neither hang,
 * nor write through the plant, nor leak what the plant points at. Skipped where the tests do not
 * run as root.
 */
class SecurityIT extends ViciTest {
  private static final int NOBODY = 65534;
  private Path shared;
  private Path legacy;
  private Path secret;

  @BeforeEach
  void sharedTmp() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the hostile-user cases need root to act as another user; skipped");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    shared = tmp.resolve("tmp");
    Files.createDirectory(shared);
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    sh("chmod", "+t", shared.toString()); // like /tmp: sticky, world-writable
    legacy = shared.resolve("did-optimizer-last-check.txt");
    vici.sync("legacy_checkpoint = " + legacy);
    secret = tmp.resolve("shadow");
    Files.writeString(secret, "root:TOPSECRET:19000:0:99999:7:::\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aFifoPlantedAsTheOldCheckpointNeitherHangsNorIsTrusted() throws Exception {
    asNobody("mkfifo", legacy.toString());
    vici.insertFinished(3, "1700000801.");
    Vici.Result r = vici.exec("022", 30, "run");
    assertThat(r.exit()).as(r.err()).isEqualTo(78);
    assertThat(r.err()).contains(legacy.toString()).contains("not a regular file").hasLineCount(1);
    assertThat(receiver.requests()).isZero();
  }

  @Test
  void aSymlinkPlantedAsTheOldCheckpointIsNotFollowedNorLeaked() throws Exception {
    asNobody("ln", "-s", secret.toString(), legacy.toString());
    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err()).contains("symbolic link").doesNotContain("TOPSECRET");
    assertThat(vici.log()).doesNotContain("TOPSECRET");
  }

  @Test
  void anOldCheckpointWrittenByAnotherUserIsRefused() throws Exception {
    long now = vici.dbNow();
    asNobody("sh", "-c", "echo '" + vici.local(now - 3 * 86_400) + "' > " + legacy);
    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err()).contains("owned by uid " + NOBODY);
  }

  @Test
  void aRootOwnedOldCheckpointIsTakenOverOnlyWithinTheLedgerAndNeverFromTheFuture()
      throws Exception {
    long now = vici.dbNow();
    Files.writeString(legacy, vici.local(now - 30 * 86_400) + "\n");
    Vici.Result old = vici.run("run");
    assertThat(old.exit()).isEqualTo(78);
    assertThat(old.err()).contains("more than ledger_days (7) ago").contains("backfill");

    Files.writeString(legacy, vici.local(now + 86_400) + "\n");
    assertThat(vici.run("run").err()).contains("in the future");

    Files.write(legacy, new byte[10_000_000]);
    assertThat(vici.run("run").err()).contains("10000000 bytes");

    Files.writeString(legacy, vici.local(now - 3600) + "\n");
    Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(vici.run("run").err()).contains("writable by other users");

    Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rw-r--r--"));
    vici.insertFinished(3, "1700000802.");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.log()).contains("taking over from process-call-results.pl");
    assertThat(receiver.countByUniqueid()).hasSize(3);

    // the checkpoint moved aside, as the error messages advise: the ledger shows vicisync ran
    // here, so the old script's file is not taken over again
    Files.move(vici.checkpoint(), tmp.resolve("checkpoint.json.bak"));
    Files.writeString(legacy, vici.local(now - 5 * 86_400) + "\n");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.log()).contains("starting 60 minutes back");
  }

  @Test
  void linksPlantedInTheMetricsDirectoryAreReplacedNeverWrittenThrough() throws Exception {
    Path metrics = tmp.resolve("textfile");
    Files.createDirectory(metrics);
    sh("chown", NOBODY + ":" + NOBODY, metrics.toString());
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "precious\n");
    asNobody("ln", "-s", victim.toString(), metrics.resolve(".vicisync.prom.tmp").toString());
    asNobody("ln", "-s", victim.toString(), metrics.resolve("vicisync.prom").toString());
    vici.insertFinished(3, "1700000803.");

    Vici.Result r = vici.run("run", "--metrics-file", metrics.resolve("vicisync.prom").toString());

    assertThat(r.exit()).isZero();
    assertThat(Files.readString(victim)).isEqualTo("precious\n");
    assertThat(Files.isSymbolicLink(metrics.resolve("vicisync.prom"))).isFalse();
    assertThat(Files.readString(metrics.resolve("vicisync.prom"))).contains("vicisync_runs_total");
  }

  @Test
  void stateFilesThatAreLinksAreRefusedAndTheirTargetsLeftAlone() throws Exception {
    vici.insertFinished(3, "1700000804.");
    assertThat(vici.run("run").exit()).isZero();
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "precious\n");
    Files.delete(vici.stateDir.resolve("runs.jsonl"));
    Files.createSymbolicLink(vici.stateDir.resolve("runs.jsonl"), victim);
    Path segment;
    try (var segs = Files.list(vici.stateDir.resolve("ledger"))) {
      segment = segs.findFirst().orElseThrow();
    }
    Path other = tmp.resolve("other.led");
    Files.createLink(other, segment); // a second name for the segment
    long now = vici.dbNow();
    vici.insert(new Vici.Call("1700000805.1", vici.local(now - 100), now - 100));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err()).contains("refusing to write");
    assertThat(Files.readString(victim)).isEqualTo("precious\n");
  }

  @Test
  void aStateDirectoryOthersCanWriteIsRefused() throws Exception {
    Files.createDirectories(vici.stateDir);
    Files.setPosixFilePermissions(vici.stateDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    vici.insertFinished(3, "1700000806.");
    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err()).contains("writable by users other than its owner").contains("chmod 750");
    assertThat(receiver.requests()).isZero();
  }

  @Test
  void modesAreSetWhateverTheUmask() throws Exception {
    vici.insertFinished(5, "1700000807.");
    receiver.script(
        (n, b) -> n == 0 ? new Receiver.Reply(400, "{\"error\":\"bad\"}", Map.of()) : null);
    Path metrics = tmp.resolve("metrics");
    Files.createDirectory(metrics);
    Vici.Result r =
        vici.exec("000", 60, "run", "--metrics-file", metrics.resolve("vicisync.prom").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(65);

    assertThat(mode(vici.stateDir)).isEqualTo("rwxr-x---");
    assertThat(mode(vici.stateDir.resolve("ledger"))).isEqualTo("rwxr-x---");
    for (String f : List.of("checkpoint.json", "runs.jsonl", "status.json", "dead-letters.jsonl")) {
      assertThat(mode(vici.stateDir.resolve(f))).as(f).isEqualTo("rw-r-----");
    }
    assertThat(mode(vici.stateDir.resolve("vicisync.lock"))).isEqualTo("rw-------");
    try (var segs = Files.list(vici.stateDir.resolve("ledger"))) {
      assertThat(segs.toList()).allSatisfy(s -> assertThat(mode(s)).isEqualTo("rw-r-----"));
    }
    assertThat(mode(vici.logFile)).isEqualTo("rw-r-----");
    assertThat(mode(metrics.resolve("vicisync.prom"))).isEqualTo("rw-r--r--");
  }

  /** The README's way for a monitoring user without sudo: the state directory's group. */
  @Test
  void aMonitoringGroupOnTheStateDirectoryCanReadWhatStatusAndCheckRead() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(vici.stateDir);
    sh("chgrp", String.valueOf(NOBODY), vici.stateDir.toString());
    sh("chmod", "2750", vici.stateDir.toString());
    vici.insertFinished(3, "1700000808.");
    assertThat(vici.run("run").exit()).isZero();
    for (String f : List.of("status.json", "checkpoint.json")) {
      asNobody("cat", vici.stateDir.resolve(f).toString());
    }
  }

  @Test
  void anApiKeyWithAnInvisibleCharacterIsRefusedAndNeverPrinted() throws Exception {
    String key = "k3y-\u200b-secret42";
    vici.apiKey(key);
    Vici.Result run = vici.run("run");
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err()).contains("U+200B").doesNotContain("secret42");
    Vici.Result check = vici.run("check");
    assertThat(check.out()).startsWith("VICISYNC UNKNOWN").doesNotContain("secret42");
    for (Path p :
        List.of(
            vici.logFile,
            vici.stateDir.resolve("runs.jsonl"),
            vici.stateDir.resolve("status.json"))) {
      if (Files.exists(p)) {
        assertThat(Files.readString(p)).doesNotContain("secret42");
      }
    }
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void asNobody(String... cmd) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    all.addAll(List.of(cmd));
    sh(all.toArray(String[]::new));
  }

  private static void sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(
            String.join(" ", cmd)
                + ": "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }
}
