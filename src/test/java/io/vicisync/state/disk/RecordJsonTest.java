package io.vicisync.state.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vicisync.Json;
import io.vicisync.state.Alias;
import io.vicisync.state.BackfillState;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.WatchEntry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state files' streaming codec writes what databind wrote and reads what it read: an upgrade
 * and a downgrade each read the other's files, and the text people look at does not change.
 */
class RecordJsonTest {
  static final RunStatus.LastRun RUN =
      new RunStatus.LastRun(
          "outbound",
          1_800_000_000_000L,
          152,
          65,
          3,
          1,
          728,
          1,
          0,
          2,
          5,
          null,
          "2027-01-15 08:00:00",
          "2027-01-15 08:01:00",
          -1,
          1_800_000_000L,
          false,
          "the receiver said \"no\"\n\u0001é",
          2,
          0,
          12L);

  static List<Record> samples() {
    Map<String, RunStatus.Source> sources = new LinkedHashMap<>();
    sources.put(
        "outbound",
        new RunStatus.Source(
            RUN,
            1_799_999_000_000L,
            new RunStatus.Totals(133, 1, 6880, 2, 1, 3, 4, 6880L, 0L, 0L),
            7L,
            1_799_998_000_000L,
            Map.of("1799996400000", 3)));
    sources.put("inbound", new RunStatus.Source(null, 0, RunStatus.Totals.ZERO, 0L, null));
    return List.of(
        new Checkpoint(
            Checkpoint.VERSION,
            1_800_000_000L,
            "2027-01-15 08:00:00",
            new Checkpoint.ScanProgress("a", "b", 5, null, "1.2"),
            List.of(
                new WatchEntry("1.1", 7, "c", WatchEntry.Reason.HELD, 9, null),
                new WatchEntry("1.2", 8, null, WatchEntry.Reason.SENT_NONFINAL, 10, "1.0")),
            List.of(new Alias("2.1", "2.0", 11)),
            1_799_999_999L,
            new Checkpoint.FullReread(1, "x", 2)),
        new Checkpoint(1, 5, "y", null, List.of(), List.of(), 0, null),
        new CheckpointStore.Watched(List.of(), List.of(new Alias("a", "b", 1))),
        new RunStatus(RunStatus.VERSION, sources),
        RUN,
        new RateLimitStore.Pause(12, "Retry-After: 60"),
        new PatienceStore.Wait(3000, 4),
        new BackfillState("--minutes 120", "l", "u", 1, "d", null, 42));
  }

  @Test
  void writesTheBytesDatabindWroteAndReadsThemBack() throws Exception {
    for (Record r : samples()) {
      byte[] pretty = RecordJson.write(r, true);
      assertThat(new String(pretty, StandardCharsets.UTF_8))
          .as(r.getClass().getSimpleName())
          .isEqualTo(new String(Json.PRETTY.writeValueAsBytes(r), StandardCharsets.UTF_8));
      assertThat(RecordJson.write(r, false)).isEqualTo(Json.MAPPER.writeValueAsBytes(r));
      assertThat(RecordJson.read(Json.PRETTY.writeValueAsBytes(r), r.getClass())).isEqualTo(r);
      assertThat(Json.MAPPER.readValue(pretty, r.getClass())).isEqualTo(r);
    }
  }

  @Test
  void oldFilesReadAsDatabindReadThemAndDamageIsRefused() throws Exception {
    RunStatus.LastRun old =
        RecordJson.read(
            "{\"startedMillis\":1,\"lagSecondsAtEnd\":9,\"exit\":0,\"later\":{\"x\":[1,{}]}}"
                .getBytes(StandardCharsets.UTF_8),
            RunStatus.LastRun.class);
    assertThat(old.lagSeconds()).as("the name it had before").isEqualTo(9);
    assertThat(old.withoutDid()).as("missing: as before it was recorded").isZero();
    assertThat(old.source()).isNull();

    for (String bad :
        List.of(
            "{\"cursorEpoch\":null}",
            "{\"cursorEpoch\":\"12\"}",
            "{\"cursorEpoch\":1.5}",
            "{\"watch\":{}}",
            "[]",
            "{\"version\":1} {}",
            "{\"scan\":{\"upperEpoch\":",
            "{\"watch\":[{\"reason\":\"LOST\"}]}")) {
      assertThatThrownBy(
              () -> RecordJson.read(bad.getBytes(StandardCharsets.UTF_8), Checkpoint.class))
          .as(bad)
          .isInstanceOf(JsonProcessingException.class);
    }
    assertThat(RecordJson.read("null".getBytes(StandardCharsets.UTF_8), Checkpoint.class)).isNull();
    assertThatThrownBy(() -> RecordJson.read(new byte[0], Checkpoint.class))
        .isInstanceOf(JsonParseException.class);
  }
}
