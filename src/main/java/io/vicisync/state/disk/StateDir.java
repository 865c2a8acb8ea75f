package io.vicisync.state.disk;

import io.vicisync.source.CallSource;
import java.nio.file.Path;

/**
 * The layout of the state directory ({@code /var/lib/vicisync}): every file vicisync keeps there is
 * named here and nowhere else. Each call source keeps its own checkpoint and ledger.
 */
public record StateDir(Path root) {

  /** Where the sync of {@code source} stands. */
  public Path checkpoint(CallSource source) {
    return root.resolve("checkpoint" + source.stateSuffix() + ".json");
  }

  /**
   * The calls {@code source}'s runs look up by primary key (held, settling, still up), kept apart
   * from the checkpoint: thousands of calls that never end would otherwise make every batch rewrite
   * megabytes.
   */
  public Path watch(CallSource source) {
    return root.resolve("watch" + source.stateSuffix() + ".json");
  }

  /** What the receiver acknowledged of {@code source}'s calls: one segment a day. */
  public Path ledger(CallSource source) {
    return root.resolve("ledger" + source.stateSuffix());
  }

  /** Calls the receiver refused for good, of every source. */
  public Path deadLetters() {
    return root.resolve("dead-letters.jsonl");
  }

  /** An unfinished backfill of {@code source}'s calls: its range and position. */
  public Path backfill(CallSource source) {
    return root.resolve("backfill" + source.stateSuffix() + ".json");
  }

  /** One JSON line per run. */
  public Path runs() {
    return root.resolve("runs.jsonl");
  }

  /** Each source's last run, last success and totals. */
  public Path status() {
    return root.resolve("status.json");
  }

  /** Until when the receiver's rate limiter asked us to stay away. */
  public Path rateLimit() {
    return root.resolve("rate-limited.json");
  }

  /** How long to wait for the receiver, where it answered slower than api_timeout. */
  public Path slowReceiver() {
    return root.resolve("slow-receiver.json");
  }

  /** When a cron run last logged that {@code follow} holds the lock (its mtime). */
  public Path followNotice() {
    return root.resolve("follow-notice");
  }

  /** Which instance this directory is (--instance NAME, or default): one line, its label. */
  public Path owner() {
    return root.resolve("instance");
  }

  /**
   * The layout's format (a number): a build that finds a newer one than it knows stops rather than
   * drop what it does not understand.
   */
  public Path format() {
    return root.resolve("format");
  }

  /** What cron was last told of a trouble that lasts, so that it is not mailed every minute. */
  public Path trouble() {
    return root.resolve("trouble.json");
  }

  /** The lock every state-changing command takes. */
  public Path lock() {
    return root.resolve("vicisync.lock");
  }

  /** The stores of the files named here. */
  public Stores stores() {
    return new Stores(this);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
