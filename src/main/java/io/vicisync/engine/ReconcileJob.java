package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Reconcile.Kind;
import io.vicisync.log.Privacy;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.source.CallTable;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.Ledger;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vicisync reconcile}: "did we lose anything yesterday?" Read-only unless asked to resend,
 * which takes the run's lock like a backfill.
 */
public final class ReconcileJob {
  private static final long NO_DEADLINE_NANOS = 365L * 86_400 * 1_000_000_000L;
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  public ReconcileJob(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  public ExitCode report(CallDateRange range) {
    try (RunLog log = RunLog.open(null, err, LockedJob.PID)) {
      return reconcile(range, log, false);
    }
  }

  public ExitCode resendMissing(CallDateRange range) {
    SyncSettings s = settings.sync();
    return LockedJob.run(s, err, "reconcile", BackfillJob.LOCK_WAIT_SECONDS, log -> {
      log.info("reconcile " + range.text() + " --resend-missing: vicisync " + Version.get());
      return reconcile(range, log, true);
    });
  }

  private ExitCode reconcile(CallDateRange range, RunLog log, boolean resend) {
    SyncSettings s = settings.sync();
    try (VicidialSource source = VicidialSource.open(settings.db());
        Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), !resend);
        CallPoster poster = resend ? new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
            System.nanoTime() + NO_DEADLINE_NANOS, "vicisync/" + Version.get()) : null) {
      RunContext ctx = new RunContext(s, source, poster, ledger, null,
          resend ? new DeadLetters(s.stateDir()) : null, log, new Privacy(s.privacyMode()),
          out, System.nanoTime() + NO_DEADLINE_NANOS, RunContext.enricher(s, source, log), CallTable.LOG);
      CallDateRange.Resolved resolved = range.resolve(source);
      long memory = ledger.memoryStartsEpoch();
      Reconcile.Result r = new Reconcile(ctx, resend)
          .run(resolved, new CheckpointStore(s.stateDir()).load());
      print(r);
      if (source.epochOf(resolved.lowerLocal()) < memory) {
        out.println("note: the sent ledger " + (memory == Long.MAX_VALUE ? "is empty"
            : "only goes back to " + source.scanRange(memory, memory).lowerLocal()
                + " (ledger_days = " + s.ledgerDays() + ")")
            + "; calls delivered before that show as missing");
      }
      long gaps = r.total(Kind.MISSING) + r.total(Kind.STALE);
      String verdict = gaps == 0
          ? "nothing missing: every finished call in " + r.range() + " reached the receiver as"
              + " it is now, or is accounted for above"
          : resend ? "sent " + (r.counts().posted() + r.counts().resent()) + " of " + gaps
              + " missing or stale calls (" + r.counts().deadLettered() + " dead-lettered)"
              + (r.error() == null ? "" : "; stopped: " + r.error())
          : gaps + " calls missing or stale: run 'vicisync reconcile " + range.text()
              + " --resend-missing' to deliver them";
      out.println(verdict);
      if (resend) {
        log.info("reconcile " + r.range() + ": " + verdict + "; exit " + r.exit().code());
      }
      return r.exit();
    }
  }

  private void print(Reconcile.Result r) {
    String head = "%-19s %9s %9s %6s %6s %8s %8s %6s%n";
    out.printf(Locale.ROOT, head, "hour (server time)", "calls", "delivered", "dead", "held",
        "pending", "missing", "stale");
    for (Map.Entry<String, long[]> e : r.hours().entrySet()) {
      row(e.getKey(), e.getValue());
    }
    long[] total = new long[Kind.values().length];
    for (Kind k : Kind.values()) {
      total[k.ordinal()] = r.total(k);
    }
    row("total", total);
    if (r.notEnded() > 0) {
      out.println(r.notEnded() + " calls have not ended yet and are not counted");
    }
  }

  private void row(String label, long[] h) {
    boolean gap = h[Kind.MISSING.ordinal()] + h[Kind.STALE.ordinal()] > 0;
    out.printf(Locale.ROOT, "%-19s %9d %9d %6d %6d %8d %8d %6d%s%n", label,
        h[Kind.CALLS.ordinal()], h[Kind.DELIVERED.ordinal()], h[Kind.DEAD.ordinal()],
        h[Kind.HELD.ordinal()], h[Kind.PENDING.ordinal()], h[Kind.MISSING.ordinal()],
        h[Kind.STALE.ordinal()], gap && !label.equals("total") ? "  ← gap" : "");
  }
}
