package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** reconcile: "did we lose anything yesterday?", and filling what was lost. */
class ReconcileIT extends ViciTest {

  @Test
  void anHourMissingFromTheLedgerIsResentAndAReDispositionedCallReportedNotCountedTwice()
      throws Exception {
    long base = vici.dbNow() - 2 * 86_400;
    base -= base % 3600; // three whole hours of calls
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      long t = base + i * 120L;
      calls.add(new Call("1800000010." + i, vici.local(t), t).answered(20, "SALE"));
    }
    vici.insert(calls);
    String since = vici.local(base).substring(0, 16);
    String until = vici.local(base + 3 * 3600).substring(0, 16);
    assertThat(vici.run("backfill", "--since", since, "--until", until).exit()).isZero();
    forgetFromLedger(base + 3600, base + 2 * 3600); // the second hour's 30 calls
    vici.sql("UPDATE vicidial_log SET status = 'DNC' WHERE uniqueid = '1800000010.70'");

    Vici.Result gaps = vici.run("reconcile", "--since", since, "--until", until);
    assertThat(gaps.exit()).isEqualTo(1);
    String thirdHour = vici.local(base + 7200).substring(0, 13) + ":00";
    assertThat(gaps.out())
        .containsPattern("missing\\s+changed")
        .containsPattern(thirdHour + "\\s+30\\s+29\\s+0\\s+0\\s+0\\s+0\\s+1\\n")
        .contains("changed after delivery, not re-sent: 1 ")
        .contains("30 calls missing: run 'vicisync reconcile --since '" + since);

    Vici.Result fix = vici.run("reconcile", "--since", since, "--until", until, "--resend-missing");
    assertThat(fix.exit()).as(fix.out() + fix.err()).isZero();
    assertThat(fix.out()).contains("sent 30 of 30 missing calls");
    assertThat(receiver.requests()).isEqualTo(120);
    assertThat(receiver.countByUniqueid()).containsEntry("1800000010.70", 1);
    Vici.Result after = vici.run("reconcile", "--since", since, "--until", until);
    assertThat(after.exit()).as(after.out()).isZero();
    assertThat(after.out()).contains("changed after delivery, not re-sent: 1 ");
  }

  @Test
  void withResendChangesAHourMissingFromTheLedgerAndAReDispositionedCallAreFoundAndResent()
      throws Exception {
    vici.sync("resend = changes");
    long base = vici.dbNow() - 2 * 86_400;
    base -= base % 3600; // three whole hours of calls
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      long t = base + i * 120L;
      calls.add(new Call("1800000010." + i, vici.local(t), t).answered(20, "SALE"));
    }
    vici.insert(calls);
    String since = vici.local(base).substring(0, 16);
    String until = vici.local(base + 3 * 3600).substring(0, 16);
    assertThat(vici.run("backfill", "--since", since, "--until", until).exit()).isZero();

    Vici.Result clean = vici.run("reconcile", "--since", since, "--until", until);
    assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out())
        .contains("nothing missing")
        .doesNotContain("← gap")
        .containsPattern("total\\s+90\\s+90\\s+0\\s+0\\s+0\\s+0\\s+0");

    forgetFromLedger(base + 3600, base + 2 * 3600); // the second hour's 30 calls
    vici.sql("UPDATE vicidial_log SET status = 'DNC' WHERE uniqueid = '1800000010.70'");

    Vici.Result gaps = vici.run("reconcile", "--since", since, "--until", until);
    assertThat(gaps.exit()).isEqualTo(1);
    String secondHour = vici.local(base + 3600).substring(0, 13) + ":00";
    String thirdHour = vici.local(base + 7200).substring(0, 13) + ":00";
    assertThat(gaps.out())
        .containsPattern(secondHour + "\\s+30\\s+0\\s+0\\s+0\\s+0\\s+30\\s+0  ← gap")
        .containsPattern(thirdHour + "\\s+30\\s+29\\s+0\\s+0\\s+0\\s+0\\s+1  ← gap")
        .contains("31 calls missing or stale: run 'vicisync reconcile --since '" + since);
    assertThat(receiver.requests()).as("reconcile alone posts nothing").isEqualTo(90);

    Vici.Result fix = vici.run("reconcile", "--since", since, "--until", until, "--resend-missing");
    assertThat(fix.exit()).as(fix.out() + fix.err()).isZero();
    assertThat(fix.out()).contains("sent 31 of 31 missing or stale calls");
    assertThat(receiver.requests()).isEqualTo(121);
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1800000010.70"))
        .extracting(Receiver.Post::disposition)
        .containsExactly("SALE", "DNC");

    assertThat(vici.run("reconcile", "--since", since, "--until", until).exit()).isZero();
  }

  @Test
  void aReconcileThatCouldNotReadTheTableNeverSaysNothingIsMissing() throws Exception {
    vici.insertFinished(5, "1800000012.");
    String user = "blind_" + vici.database;
    vici.sql("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'pw'");
    vici.sql("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
    for (String host : List.of("localhost", "%")) {
      // may log in and read two columns of the call log, not the calls themselves
      vici.sql(
          "GRANT SELECT (call_date, start_epoch) ON "
              + vici.database
              + ".vicidial_log TO '"
              + user
              + "'@'"
              + host
              + "'");
    }
    vici.dbUser(user, "pw");

    Vici.Result r = vici.run("reconcile", "--minutes", "60");

    assertThat(r.exit()).isEqualTo(77);
    assertThat(r.out()).doesNotContain("nothing missing");
    assertThat(r.out() + r.err()).contains("could not read every call").contains("GRANT SELECT");
  }

  @Test
  void callsTheRunHasNotReachedYetArePendingNotMissing() throws Exception {
    long now = vici.dbNow();
    vici.insert(new Call("1800000011.1", vici.local(now - 1200), now - 1200).status("NA"));
    assertThat(vici.run("run").exit()).isZero();
    // inside the run's overlap window: its next poll sends it
    vici.insert(new Call("1800000011.2", vici.local(now - 130), now - 130).status("NA"));
    Vici.Result r = vici.run("reconcile", "--minutes", "60");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).containsPattern("total\\s+2\\s+1\\s+0\\s+0\\s+1\\s+0\\s+0");
  }

  /** Removes the ledger records of calls that ended in [from, to): as if never delivered. */
  private void forgetFromLedger(long from, long to) throws Exception {
    try (Stream<Path> segs = Files.list(vici.stateDir.resolve("ledger"))) {
      for (Path seg : segs.toList()) {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(seg));
        ByteBuffer out = ByteBuffer.allocate(in.capacity());
        while (in.remaining() >= 24) {
          byte[] rec = new byte[24];
          in.get(rec);
          long end = Integer.toUnsignedLong(ByteBuffer.wrap(rec, 16, 4).getInt());
          if (end < from || end >= to) {
            out.put(rec);
          }
        }
        Files.write(seg, Arrays.copyOf(out.array(), out.position()));
      }
    }
  }
}
