package io.vicisync.engine;

import io.vicisync.Deadline;
import io.vicisync.source.CallEnricher;
import io.vicisync.source.CallSource;
import io.vicisync.state.BackfillProgress;
import io.vicisync.state.BackfillState;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.Checkpoints;
import io.vicisync.state.DeadLetterBox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the core remembers between runs, in memory: its tests need no directory. */
final class MemoryState {
  private MemoryState() {}

  /**
   * An outbound run's context with the default settings, no enrichment, a minute to run and its
   * refusals kept in memory: what most of the core's tests run in.
   */
  static RunContext outbound(FakeReader db, FakeSender sender, MemoryLedger ledger) {
    return new RunContext(
        PlannerTest.S,
        CallSource.OUTBOUND,
        db,
        sender,
        ledger,
        new MemoryDeadLetters(),
        CallEnricher.NONE,
        new RecordingEvents(),
        Deadline.in(Duration.ofMinutes(1)));
  }

  /** A checkpoint kept as the last one saved; {@code saves} counts the writes. */
  static final class MemoryCheckpoints implements Checkpoints {
    private Checkpoint saved;
    int saves;

    @Override
    public synchronized Optional<Checkpoint> load() {
      return Optional.ofNullable(saved);
    }

    @Override
    public synchronized void save(Checkpoint cp) {
      saved = cp;
      saves++;
    }

    @Override
    public String name() {
      return "memory";
    }
  }

  /** One refused call, as kept. */
  record Letter(
      String source, String key, String uniqueid, int status, String answer, String json) {}

  static final class MemoryDeadLetters implements DeadLetterBox {
    final List<Letter> letters = new ArrayList<>();

    @Override
    public synchronized void add(
        long atEpoch,
        String source,
        String key,
        String uniqueid,
        int status,
        String answer,
        byte[] json) {
      letters.add(
          new Letter(
              source, key, uniqueid, status, answer, new String(json, StandardCharsets.UTF_8)));
    }
  }

  static final class MemoryBackfill implements BackfillProgress {
    private BackfillState saved;

    @Override
    public Optional<BackfillState> load() {
      return Optional.ofNullable(saved);
    }

    @Override
    public void save(BackfillState state) {
      saved = state;
    }

    @Override
    public void clear() {
      saved = null;
    }
  }
}
