package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Receiver.Reply;
import io.vicisync.it.Vici.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * VICIdial's nightly archiver (ADMIN_archive_log_tables.pl, its own statements) moves calls out of
 * vicidial_log while the sync may still need them: after an outage, or while a call is held.
 */
class ArchiveIT extends ViciTest {

  @Test
  void callsTheArchiverMovedBeforeTheyWereSentAreSentFromTheArchiveOnce() throws Exception {
    long now = vici.dbNow();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // 30 hours of calls, one every 6 minutes
      long t = now - 30 * 3600 + i * 360L;
      calls.add(new Call("1700000700." + i, vici.local(t), t).answered(30, "SALE"));
    }
    vici.insert(calls);
    vici.sync("initial_lookback = " + 31 * 60);
    receiver.script((n, b) -> new Reply(503, "{\"error\":\"down\"}", Map.of()));
    assertThat(vici.run("run").exit()).as("the receiver is down").isEqualTo(75);

    vici.archiveBefore(vici.local(now - 24 * 3600)); // --daily: one day stays live
    receiver.script((n, b) -> null);
    Vici.Result reconcile = vici.run("reconcile", "--minutes", String.valueOf(31 * 60));
    assertThat(reconcile.out())
        .as("the archived calls are counted, once each")
        .containsPattern("total\\s+300\\s");

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(300);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    Vici.Result clean = vici.run("reconcile", "--minutes", String.valueOf(31 * 60));
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(clean.out()).containsPattern("total\\s+300\\s+300\\s");
  }

  @Test
  void heldAndSettlingCallsTheWipeTookAreFoundInTheArchive() throws Exception {
    long now = vici.dbNow();
    vici.insert(
        new Call("1700000701.1", vici.local(now - 150), now - 150).answered(100, "INCALL"),
        new Call("1700000701.2", vici.local(now - 40), now - 40).answered(30, "NI"),
        new Call("1700000701.3", vici.local(now - 60), now - 60).status("NA"));
    Vici.Result first = vici.run("run", "--hold-max", "600", "--settle", "30");
    assertThat(first.exit()).isZero();
    assertThat(receiver.countByUniqueid()).containsOnlyKeys("1700000701.3");

    vici.archiveWipingAll();
    Thread.sleep(1500);
    assertThat(vici.run("run", "--hold-max", "30", "--settle", "0").exit()).isZero();

    assertThat(receiver.countByUniqueid())
        .containsOnlyKeys("1700000701.1", "1700000701.2", "1700000701.3")
        .allSatisfy((id, n) -> assertThat(n).as(id).isOne());
  }

  @Test
  void theArchivesStaleCopyNeverOverwritesTheLiveDispositionAndEachCallCountsOnce()
      throws Exception {
    long now = vici.dbNow();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long t = now - 7200 + i * 60L;
      calls.add(new Call("1700000702." + i, vici.local(t), t).answered(20, "A"));
    }
    vici.insert(calls);
    vici.sync("initial_lookback = 180");
    assertThat(vici.run("run").exit()).isZero();
    // the archiver copies the recent rows too (nothing is old enough to delete yet) ...
    vici.archiveBefore(vici.local(now - 86_400));
    // ... and an admin then re-dispositions one in the live table
    vici.sql("UPDATE vicidial_log SET status = 'SALE' WHERE uniqueid = '1700000702.3'");

    Vici.Result backfill = vici.run("backfill", "--minutes", "180");
    Vici.Result reconcile = vici.run("reconcile", "--minutes", "180");

    assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1700000702.3"))
        .extracting(Receiver.Post::disposition)
        .as("the archived A is never posted over SALE")
        .containsExactly("A");
    assertThat(reconcile.out())
        .containsPattern("total\\s+20\\s+19\\s")
        .contains("changed after delivery, not re-sent: 1 ");
  }
}
