package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.Privacy;
import io.vicisync.log.ProgressMeter;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.source.CallTable;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.BackfillStore;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.Ledger;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code vicisync backfill}: takes the same lock as {@code run} (waiting a while for a run in
 * progress), sends a past range, and reports. A dry run takes no lock and writes nothing.
 */
public final class BackfillJob {
  /** A cron run takes seconds; an administrator's command waits for it rather than fail. */
  static final long LOCK_WAIT_SECONDS = 120;
  /** A backfill is not a cron run: it has no --max-run-time. */
  private static final long NO_DEADLINE_NANOS = 365L * 86_400 * 1_000_000_000L;

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  /** {@code terminal}: show a progress line on stderr. */
  public BackfillJob(Settings settings, PrintStream out, PrintStream err, boolean terminal) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  public ExitCode dryRun(CallDateRange range, boolean resend) {
    SyncSettings s = settings.sync();
    try (RunLog log = RunLog.open(null, err, LockedJob.PID);
        VicidialSource source = VicidialSource.open(settings.db());
        Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), true)) {
      RunContext ctx = new RunContext(s, source, null, ledger, null, null, log,
          new Privacy(s.privacyMode()), out, deadline(), RunContext.enricher(s, source, log), CallTable.LOG);
      Backfill.Result r = new Backfill(ctx, null, new ProgressMeter(err, false, "backfill"))
          .run(request(range, resend, source), Optional.empty());
      out.println("dry run: backfill " + r.range() + ": " + r.read() + " calls read, "
          + r.counts().wouldSend() + " would be sent, " + r.counts().unchanged()
          + " already delivered unchanged, " + r.leftToRun() + " not final yet (left to the"
          + " run); nothing was posted or saved");
      return r.exit();
    }
  }

  public ExitCode run(CallDateRange range, boolean resend) {
    SyncSettings s = settings.sync();
    return LockedJob.run(s, err, "backfill", LOCK_WAIT_SECONDS, log -> {
      long started = System.currentTimeMillis();
      log.info("backfill " + range.text() + (resend ? " --resend" : "") + ": vicisync "
          + Version.get() + ", database " + settings.db() + ", receiver " + settings.api());
      try (VicidialSource source = VicidialSource.open(settings.db());
          Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), false);
          CallPoster poster = new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
              deadline(), "vicisync/" + Version.get())) {
        BackfillStore store = new BackfillStore(s.stateDir());
        RunContext ctx = new RunContext(s, source, poster, ledger, null,
            new DeadLetters(s.stateDir()), log, new Privacy(s.privacyMode()), null, deadline(),
            RunContext.enricher(s, source, log), CallTable.LOG);
        Backfill.Result r = new Backfill(ctx, store, new ProgressMeter(err, terminal, "backfill"))
            .run(request(range, resend, source), store.load());
        RunJob.rememberRateLimit(s, poster, r.error());
        String line = summary(r, System.currentTimeMillis() - started, range);
        log.info(line);
        out.println(line);
        return r.exit();
      } catch (VicisyncException e) {
        log.error(e.getMessage());
        return e.exitCode();
      }
    });
  }

  private static Backfill.Request request(
      CallDateRange range, boolean resend, VicidialSource source) {
    CallDateRange.Resolved r = range.resolve(source);
    return new Backfill.Request(range.text(), r.lowerLocal(), r.upperLocal(), resend);
  }

  static String summary(Backfill.Result r, long tookMillis, CallDateRange range) {
    RunCounts c = r.counts();
    double secs = Math.max(tookMillis, 1) / 1000.0;
    return String.format(Locale.ROOT, "backfill %s: %s; read %d calls, posted %d, re-sent %d,"
        + " unchanged %d, not final yet %d, dead-lettered %d, retries %d; %.1f s, %.0f calls/s;"
        + " exit %d", r.range(), r.finished() ? "done"
            : "stopped (run 'vicisync backfill " + range.text() + "' again to resume)",
        r.read(), c.posted(), c.resent(), c.unchanged(), r.leftToRun(), c.deadLettered(),
        r.retries(), secs, r.read() / secs, r.exit().code());
  }

  private static long deadline() {
    return System.nanoTime() + NO_DEADLINE_NANOS;
  }
}
