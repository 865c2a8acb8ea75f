package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** doctor against real setups, healthy and broken in the ways administrators meet. */
class DoctorIT extends ViciTest {

  @Test
  void aHealthySetupPassesEveryCheckAndShowsWhereSettingsCameFromWithSecretsMasked()
      throws Exception {
    privateConfig();
    // two days of history before the last hour, as a dialer has: the poll must not read it
    long now = vici.dbNow();
    vici.sql(
        "INSERT INTO vicidial_log (uniqueid, lead_id, call_date, start_epoch, end_epoch,"
            + " status, phone_number, campaign_id) SELECT CONCAT('h', seq), seq, FROM_UNIXTIME("
            + (now - 2 * 86_400)
            + " + seq * 6), 0, 0, 'NA', '5550000', 'C' FROM seq_0_to_26999");
    vici.insertFinished(50, "1800000040.");
    Vici.Result r = vici.run("doctor");
    assertThat(r.out())
        .doesNotContain("✗")
        .contains(
            "✓ " + vici.astguiclientConf + ": read",
            "✓ " + vici.didsConf + ": read",
            "✓ database: connected as root@127.0.0.1:",
            "✓ vicidial_log (outbound calls): SELECT granted, the 17 columns vicisync reads are there",
            "✓ vicidial_log_archive (backfill and reconcile of archived days (exists once VICIdial's"
                + " archiver has run)): not there yet, which is fine",
            "✓ vicidial_carrier_log (enrichment: dialStatus, hangupCause, sipHangupCause,"
                + " sipHangupReason, carrierDialStatus, dialTimeSec, carrierAnsweredSec, ringTime): SELECT"
                + " granted",
            "✓ the poll query reads vicidial_log by its call_date index (EXPLAIN: range",
            "✓ receiver: GET " + receiver.url() + "/api/health answered 200 to the key",
            "does not exist yet; the first run creates it")
        .containsPattern(
            "api\\.key +"
                + Pattern.quote("****(12 chars)  (" + vici.didsConf + " [general] api_key)"))
        .containsPattern(
            "db\\.name +"
                + Pattern.quote(vici.database + "  (" + vici.astguiclientConf + " VARDB_database)"))
        .doesNotContain(Receiver.KEY)
        .containsPattern("doctor: all \\d+ checks passed");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(receiver.healthChecks()).isEqualTo(1);

    vici.run("run");
    assertThat(vici.run("doctor").out())
        .contains(
            "✓ lock " + vici.stateDir.resolve("vicisync.lock") + " is free",
            "✓ state directory " + vici.stateDir + " is writable");
  }

  @Test
  void missingGrantsAWrongKeyAReadableConfigAndALostIndexAreEachNamedWithTheFix() throws Exception {
    String user = "cron_" + vici.database;
    vici.minimalGrantUser(user, "localhost");
    Files.setPosixFilePermissions(
        vici.astguiclientConf, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(vici.didsConf, PosixFilePermissions.fromString("rw-r--r--"));
    vici.apiKey("wrong-key");
    vici.insertFinished(50, "1800000041.");
    vici.sql("ALTER TABLE vicidial_log DROP INDEX call_date");

    Vici.Result r = vici.run("doctor");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "⚠ "
                + vici.didsConf
                + " is readable by every user (rw-r--r--) and holds the API key:"
                + " the DID Optimizer's AGI script reads it as Asterisk, so: chgrp asterisk "
                + vici.didsConf
                + " && chmod 640 "
                + vici.didsConf,
            // the account MariaDB matched, not the host vicisync connected to (127.0.0.1)
            "⚠ vicidial_dial_log (enrichment: callerId): SELECT not granted; run GRANT SELECT ON "
                + vici.database
                + ".vicidial_dial_log TO '"
                + user
                + "'@'localhost'; (until then"
                + " calls are sent without these fields; or turn enrichment off: [sync] enrich = 0)",
            "✓ vicidial_log (outbound calls): SELECT granted",
            "✗ the poll query would scan all of vicidial_log (EXPLAIN: ALL",
            "ALTER TABLE vicidial_log ADD INDEX (call_date);",
            "✗ receiver: GET " + receiver.url() + "/api/health refused the key (401)")
        .doesNotContain(vici.astguiclientConf + " is readable")
        .containsPattern("doctor: \\d of \\d+ checks failed, \\d+ with advice");
  }

  /**
   * VICIdial's installer leaves astguiclient.conf 0644, and the README's minimal grant is SELECT on
   * vicidial_log alone: advice, not failures.
   */
  @Test
  void aStockServerWithTheMinimalGrantPassesWithAdvice() throws Exception {
    String user = "stock_" + vici.database;
    vici.minimalGrantUser(user, "%");
    Files.setPosixFilePermissions(
        vici.astguiclientConf, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(vici.didsConf, PosixFilePermissions.fromString("rw-r-----"));
    vici.insertFinished(50, "1800000042.");

    Vici.Result r = vici.run("doctor");

    assertThat(r.out())
        .doesNotContain("✗ ")
        .contains(
            "⚠ "
                + vici.astguiclientConf
                + " is readable by every user (rw-r--r--) and holds the"
                + " database password: VICIdial's web pages read it",
            "⚠ vicidial_log_extended (enrichment: callerId): SELECT not granted; run GRANT SELECT"
                + " ON "
                + vici.database
                + ".vicidial_log_extended TO '"
                + user
                + "'@'%';")
        .containsPattern("doctor: no check failed, \\d+ with advice \\(⚠\\)");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aHeldLockAndAKeySentInClearTextToAnotherHostAreNamed() throws Exception {
    privateConfig();
    // a name that never resolves (RFC 6761): another machine, and no packet sent to one
    vici.receiverUrl("http://vicisync-test.invalid:5000");
    vici.sync("state_dir = " + vici.stateDir);
    Files.createDirectories(vici.stateDir);
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldLock.class.getName(),
                vici.stateDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader said =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("held");
      Vici.Result r = vici.run("doctor");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "⚠ lock "
                  + vici.stateDir.resolve("vicisync.lock")
                  + " is held by pid "
                  + holder.pid()
                  + " run: if that is cron's minute run, try again in a moment",
              "⚠ api_base_url http://vicisync-test.invalid:5000 is plain http to another machine",
              "✗ receiver: GET http://vicisync-test.invalid:5000/api/health did not answer");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void anotherSenderOfTheSameCallsIsFoundInTheDialplanItsIncludesAndTheCrontabs() throws Exception {
    privateConfig();
    Path asterisk = Files.createDirectories(tmp.resolve("asterisk"));
    Files.writeString(
        asterisk.resolve("extensions.conf"),
        "[general]\n#include extensions-vicidial.conf\n#include \"custom/*.conf\"\n"
            + "; exten => h,1,AGI(agi-did-optimizer-report.agi) was tried here once\n");
    Files.writeString(
        asterisk.resolve("extensions-vicidial.conf"), "[default]\nexten => 8300,1,Hangup()\n");
    Files.createDirectories(asterisk.resolve("custom"));
    Files.writeString(
        asterisk.resolve("custom/did.conf"),
        "[default]\nexten => h,1,AGI(agi-did-optimizer-report.agi,${CALLERID(num)},${DIALSTATUS})\n");
    // a FIFO an attacker left where an include points: never opened, never waited on
    new ProcessBuilder("mkfifo", asterisk.resolve("custom/trap.conf").toString()).start().waitFor();
    Path cron = Files.createDirectories(tmp.resolve("cron.d"));
    Files.writeString(
        cron.resolve("did-optimizer"),
        "# * * * * * root /usr/share/astguiclient/process-call-results.pl (old)\n"
            + "* * * * * root /usr/share/astguiclient/AST_DID_optimizer_sync.pl >/dev/null 2>&1\n");

    Vici.Result r =
        vici.run(
            "doctor",
            "--asterisk-dir",
            asterisk.toString(),
            "--crontab",
            cron.toString(),
            "--crontab",
            tmp.resolve("no-such-crontab").toString());

    assertThat(r.exit()).as("advice, not a failure").isZero();
    assertThat(r.out())
        .contains(
            "⚠ "
                + asterisk.resolve("custom/did.conf")
                + ":2 runs agi-did-optimizer-report.agi at hang-up: the DID Optimizer gets each"
                + " call from it and from vicisync",
            "⚠ "
                + cron.resolve("did-optimizer")
                + ":2 runs AST_DID_optimizer_sync.pl: it posts the same calls")
        .doesNotContain("extensions.conf:4", "did-optimizer:1 ");

    Vici.Result clean =
        vici.run(
            "doctor",
            "--asterisk-dir",
            tmp.resolve("nothing").toString(),
            "--crontab",
            tmp.resolve("nothing").toString());
    assertThat(clean.out()).contains("✓ no other sender of these calls");
  }

  private void privateConfig() throws Exception {
    for (Path p : List.of(vici.astguiclientConf, vici.didsConf)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /**
   * An administrator moved the dialer to a new database and appended VARDB_database below the old
   * line, which still answers: VICIdial's scripts use the new one (the last line), and so must
   * vicisync, with doctor naming both lines.
   */
  @Test
  void aKeyAppendedBelowTheOldOneIsTheOneReadAndDoctorNamesBothLines() throws Exception {
    String stale = MariaDb.newVicidialDatabase();
    vici.insertFinished(3, "1800000043.");
    String conf = Files.readString(vici.astguiclientConf);
    // the old database first, the new one appended below it
    Files.writeString(
        vici.astguiclientConf,
        conf.replace("VARDB_database => " + vici.database, "VARDB_database => " + stale)
            + "VARDB_database => "
            + vici.database
            + "\n");
    Vici.Result d = vici.run("doctor");
    assertThat(d.out())
        .contains(
            "⚠ "
                + vici.astguiclientConf
                + ": VARDB_database is set on lines 3, 8; VICIdial's scripts use the last (line 8: '"
                + vici.database
                + "'), and so does vicisync")
        .containsPattern("db\\.name +" + Pattern.quote(vici.database + "  ("));
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(3);
  }

  @Test
  void aRefusedLoginSaysWhenThePasswordWasCutByAHash() throws Exception {
    vici.sql("CREATE USER 'hash_" + vici.database + "'@'%' IDENTIFIED BY 'ab#cd'");
    vici.dbUser("hash_" + vici.database, "ab#cd");
    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(77);
    assertThat(r.err())
        .contains("database refused login for hash_" + vici.database)
        .contains(
            "note: VARDB_pass on line 5 holds a '#': VICIdial's scripts, and vicisync, read"
                + " only what comes before it")
        .doesNotContain("ab#cd");
    assertThat(vici.run("doctor").out())
        .contains("⚠ " + vici.astguiclientConf + ": VARDB_pass on line 5 holds a '#'");
  }

  @Test
  void aHoldStatusCopiedFromTheOldExampleIsNamedWithWhatItLetsThrough() throws Exception {
    vici.sync("hold_status = QUEUE,INCALL");
    assertThat(vici.run("doctor").out())
        .contains(
            "⚠ [sync] hold_status does not hold DISPO, ALTNUM, DONEM, AM, UNKAM: VICIdial writes"
                + " them before the final disposition (docs/VICIDIAL.md)");
  }

  /**
   * The DID Optimizer's published server has /api/health and no /api/v1/health (404 "Route not
   * found"): doctor passes against it, and still against a receiver with the documented route.
   */
  @Test
  void theReceiverCheckPassesAgainstTheOptimizersOwnRoutesAndTheDocumentedOne() throws Exception {
    assertThat(vici.run("doctor").out())
        .contains("✓ receiver: GET " + receiver.url() + "/api/health answered 200 to the key");
    try (Receiver old = new Receiver()) {
      old.healthAtV1();
      vici.receiverUrl(old.url());
      assertThat(vici.run("doctor").out())
          .contains("✓ receiver: GET " + old.url() + "/api/v1/health answered 200 to the key");
    }
    vici.receiverUrl(receiver.url() + "/wrong/prefix");
    assertThat(vici.run("doctor").out())
        .contains(
            "✗ receiver: GET "
                + receiver.url()
                + "/wrong/prefix/api/health and GET "
                + receiver.url()
                + "/wrong/prefix/api/v1/health answered 404");
  }

  /**
   * The DID Optimizer limits every /api/ route to 100 requests per 15 minutes per address it has
   * not whitelisted: doctor compares that with this dialer's busiest 15 minutes of the week.
   */
  @Test
  void aRateLimitTheDialersBusiestWindowWouldOutrunFailsNamingBothNumbersAndTheFixes()
      throws Exception {
    receiver.rateLimit(100);
    long yesterday = vici.dbNow() - 86_400;
    // 150 calls in 10 minutes yesterday, 40 in the last hour
    vici.sql(
        "INSERT INTO vicidial_log (uniqueid, lead_id, call_date, start_epoch, end_epoch, status,"
            + " phone_number, campaign_id) SELECT CONCAT('b', seq), seq, FROM_UNIXTIME("
            + yesterday
            + " + seq * 4), 0, 0, 'NA', '5550000', 'C' FROM seq_0_to_149");
    vici.insertFinished(40, "1800000044.");
    String busy = vici.run("doctor").out();
    assertThat(busy)
        .contains(
            "✗ receiver: allows 100 posts per 15 min to this server (its window is not advertised:"
                + " the DID Optimizer's default), and the busiest 15 min of the last 7 days here"
                + " held 150 calls (from ",
            "runs would be refused (HTTP 429) and fall further behind; whitelist this server's"
                + " address in the DID Optimizer's rate limiter, or raise its"
                + " RATE_LIMIT_MAX_REQUESTS to at least 150");
    receiver.rateLimit(1000);
    assertThat(vici.run("doctor").out())
        .contains(
            "✓ receiver: allows 1000 posts per 15 min to this server (its window is not"
                + " advertised: the DID Optimizer's default); the busiest 15 min of the last 7"
                + " days here held 150 calls");
  }
}
