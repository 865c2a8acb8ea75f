package io.vicisync.state.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.source.CallSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.WatchEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the checkpoint and its watch list reach the disk: small, and only written when changed. */
class CheckpointStoreTest {
  static final long NOW = 1_800_000_000L;

  @TempDir Path dir;

  private static Checkpoint at(long cursor, List<WatchEntry> watch, long newestEnd) {
    return new Checkpoint(
        Checkpoint.VERSION,
        cursor,
        "local " + cursor,
        null,
        watch,
        List.of(),
        newestEnd,
        new Checkpoint.FullReread(cursor - 60, "local " + (cursor - 60), cursor + 5));
  }

  @Test
  void thousandsOfWatchedCallsStayOutOfTheCheckpointAndTheirFileIsWrittenOnlyWhenTheyChange()
      throws Exception {
    List<WatchEntry> watch = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      watch.add(
          new WatchEntry(
              "7." + i, i, "2027-01-15 08:00:00", WatchEntry.Reason.NOT_ENDED, NOW + 3600, null));
    }
    StateDir state = new StateDir(dir);
    CheckpointStore store = state.stores().checkpoints(CallSource.OUTBOUND);
    store.save(at(NOW, watch, 0));
    Path file = state.checkpoint(CallSource.OUTBOUND);
    Path watchFile = state.watch(CallSource.OUTBOUND);
    assertThat(Files.size(file)).as("written every batch, it stays small").isLessThan(1024);
    assertThat(Files.readString(watchFile)).contains("\"7.1999\"");

    Files.writeString(watchFile, Files.readString(watchFile) + "\n\n");
    store.save(at(NOW + 60, watch, 0));
    assertThat(Files.readString(watchFile))
        .as("a save that changes no watched call does not write the watch list again")
        .endsWith("\n\n");
    Checkpoint read = state.stores().checkpoints(CallSource.OUTBOUND).load().orElseThrow();
    assertThat(read.watch()).hasSize(2000);
    assertThat(read.full())
        .as("where the last whole re-read began is kept")
        .isEqualTo(new Checkpoint.FullReread(NOW, "local " + NOW, NOW + 65));

    store.save(at(NOW + 120, watch.subList(1, 2000), 0));
    assertThat(Files.readString(watchFile)).doesNotEndWith("\n\n").doesNotContain("\"7.0\"");
  }

  @Test
  void aCheckpointTheFileAlreadyHoldsIsNotWrittenAgain() throws Exception {
    StateDir state = new StateDir(dir);
    state.stores().checkpoints(CallSource.OUTBOUND).save(at(NOW, List.of(), 0));
    Path file = state.checkpoint(CallSource.OUTBOUND);
    FileTime longAgo = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(file, longAgo);
    CheckpointStore next = state.stores().checkpoints(CallSource.OUTBOUND); // the next cron run
    Checkpoint idle = next.load().orElseThrow();
    next.save(idle);
    assertThat(Files.getLastModifiedTime(file))
        .as("an idle run leaves the file alone")
        .isEqualTo(longAgo);
    next.save(at(NOW + 60, List.of(), 0));
    assertThat(Files.getLastModifiedTime(file))
        .as("a moved cursor is written")
        .isNotEqualTo(longAgo);
  }

  @Test
  void aResidentStoreWritesACursorOnlyChangeAtMostOnceAMinuteAndFlushesIt() throws Exception {
    StateDir state = new StateDir(dir);
    CheckpointStore store = state.stores().residentCheckpoints(CallSource.OUTBOUND);
    Path file = state.checkpoint(CallSource.OUTBOUND);
    store.save(at(NOW, List.of(), NOW - 70));
    String afterDelivery = Files.readString(file);

    store.save(at(NOW + 5, List.of(), NOW - 70));
    assertThat(Files.readString(file))
        .as("nothing but the cursor moved: not written again")
        .isEqualTo(afterDelivery);
    store.flush();
    assertThat(store.load().orElseThrow().cursorEpoch()).isEqualTo(NOW + 5);

    store.save(at(NOW + 10, List.of(), NOW - 30));
    assertThat(state.stores().checkpoints(CallSource.OUTBOUND).load().orElseThrow())
        .as("a delivery is written at once")
        .extracting(Checkpoint::newestDeliveredEnd, Checkpoint::cursorEpoch)
        .containsExactly(NOW - 30, NOW + 10);
  }
}
