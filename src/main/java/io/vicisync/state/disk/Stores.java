package io.vicisync.state.disk;

import io.vicisync.source.CallSource;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The file stores of one state directory, handed out here and nowhere else: each store gets its
 * file from {@link StateDir}, so that a file has one reader and one writer, whichever command asks.
 */
public record Stores(StateDir dir) {
  /** Where the sync of {@code source} stands, as a command that runs once keeps it. */
  public CheckpointStore checkpoints(CallSource source) {
    return new CheckpointStore(dir.checkpoint(source), dir.watch(source), false);
  }

  /**
   * The same for a process that polls every few seconds and stays up: it writes the watch list only
   * when it changes, and calls {@link CheckpointStore#flush} before it lets go.
   */
  public CheckpointStore residentCheckpoints(CallSource source) {
    return new CheckpointStore(dir.checkpoint(source), dir.watch(source), true);
  }

  /**
   * What the receiver acknowledged of {@code source}'s calls, the days before {@code days} ago
   * pruned; {@code readOnly} (a dry run, a report) creates, truncates and deletes nothing.
   */
  public Ledger ledger(CallSource source, long nowEpoch, int days, boolean readOnly) {
    return Ledger.openDir(dir.ledger(source), nowEpoch, days, readOnly);
  }

  /** {@code source}'s ledger, read-only, where any of its calls was ever sent; else empty. */
  public Optional<Ledger> existingLedger(CallSource source, long nowEpoch, int days) {
    return Files.isDirectory(dir.ledger(source))
        ? Optional.of(ledger(source, nowEpoch, days, true))
        : Optional.empty();
  }

  public DeadLetters deadLetters() {
    return new DeadLetters(dir.deadLetters());
  }

  public BackfillStore backfill(CallSource source) {
    return new BackfillStore(dir.backfill(source));
  }

  public RunHistory runs() {
    return new RunHistory(dir.runs());
  }

  public StatusStore status() {
    return new StatusStore(dir.status());
  }

  public RateLimitStore rateLimit() {
    return new RateLimitStore(dir.rateLimit());
  }

  public PatienceStore patience() {
    return new PatienceStore(dir.slowReceiver());
  }

  public TroubleStore trouble() {
    return new TroubleStore(dir.trouble());
  }

  public FollowNotice followNotice() {
    return new FollowNotice(dir.followNotice());
  }
}
