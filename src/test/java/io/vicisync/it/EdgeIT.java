package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EdgeIT extends ViciTest {

  @Test
  void aWatchedManualDialIsFoundAfterVicidialRewritesItsUniqueid() throws Exception {
    long now = vici.dbNow();
    long start = now - 1500; // a long call: older than the overlap window when it ends
    vici.insert(new Call("1700000500.11", vici.local(start), start).lead(777).live("INCALL"));
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests()).isZero();

    vici.sql(
        "UPDATE vicidial_log SET uniqueid = '1700000500.42', end_epoch = "
            + (now - 60)
            + ", length_in_sec = "
            + (now - 60 - start)
            + ", status = 'SALE' WHERE lead_id = 777");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.run("run").exit()).isZero();

    assertThat(receiver.posts())
        .extracting(Receiver.Post::uniqueid, Receiver.Post::disposition)
        .containsExactly(Tuple.tuple("1700000500.42", "SALE"));
  }

  @Test
  void aPollReadsTheIndexRangeNotTheTable() throws Exception {
    long now = vici.dbNow();
    List<Call> old = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      long start = now - 3 * 86400 - i * 5L;
      old.add(new Call("1600000000." + i, vici.local(start), start).status("NA"));
    }
    vici.insert(old);
    assertThat(vici.run("run").exit()).isZero();
    List<Call> fresh = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = now - 100 + i;
      fresh.add(new Call("1700000600." + i, vici.local(start), start).status("B"));
    }
    vici.insert(fresh);

    long before = vici.handlerReads();
    assertThat(vici.run("run").exit()).isZero();
    long read = vici.handlerReads() - before;

    assertThat(receiver.countByUniqueid()).hasSize(50);
    assertThat(read).as("rows the server read for one poll of a 30,050-row table").isLessThan(300);
  }
}
