package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Reconcile;
import io.vicisync.engine.Reconcile.Kind;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.source.ScanRange;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vicisync reconcile}: "did we lose anything yesterday?" Read-only unless asked to resend,
 * which takes the run's lock like a backfill.
 */
// the report's columns are Reconcile.Kind in order: its ordinal is the column, by design
@SuppressWarnings("EnumOrdinal")
public final class ReconcileJob {
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
      return each(range, log, false);
    }
  }

  public ExitCode resendMissing(CallDateRange range) {
    SyncSettings s = settings.sync();
    return LockedJob.run(
        s,
        err,
        "reconcile",
        LockedJob.LOCK_WAIT_SECONDS,
        log -> {
          log.info("reconcile " + range.text() + " --resend-missing: vicisync " + Version.get());
          return each(range, log, true);
        });
  }

  /** Each call source asked for, one table after the other; the worst exit wins. */
  private ExitCode each(CallDateRange range, RunLog log, boolean resend) {
    SyncSettings s = settings.sync();
    ExitCode exit = ExitCode.OK;
    List<CallSource> sources = Wiring.sources(s);
    for (CallSource src : sources) {
      if (sources.size() > 1 || !src.label().isEmpty()) {
        out.println(src.wire() + " calls (" + src.table() + "):");
      }
      exit = exit.worst(reconcile(src, range, log, resend));
    }
    return exit;
  }

  private ExitCode reconcile(CallSource src, CallDateRange range, RunLog log, boolean resend) {
    SyncSettings s = settings.sync();
    try (Wiring w =
        Wiring.open(
            settings,
            src,
            resend ? Wiring.Mode.SEND : Wiring.Mode.REPORT,
            log,
            out,
            Wiring.NO_TIME_LIMIT)) {
      ScanRange resolved = range.resolve(w.db);
      long memory = w.ledger.memoryStartsEpoch();
      Reconcile.Result r =
          new Reconcile(w.context, resend).run(resolved, w.state.stores().checkpoints(src).load());
      print(r);
      if (w.db.epochOf(resolved.lowerLocal()) < memory) {
        out.println(
            "note: the sent ledger "
                + (memory == Long.MAX_VALUE
                    ? "is empty"
                    : "only goes back to "
                        + w.db.scanRange(memory, memory).lowerLocal()
                        + " (ledger_days = "
                        + s.ledgerDays()
                        + ")")
                + "; calls delivered before that show as missing");
      }
      boolean resendsChanges = staleIsGap();
      long changed = r.total(Kind.STALE);
      if (!resendsChanges && changed > 0) {
        out.println(
            "changed after delivery, not re-sent: "
                + changed
                + " (the receiver has each as it was first delivered; [sync] resend = never,"
                + " because the DID Optimizer stores every post as another call; 'vicisync"
                + " backfill --resend' posts them again)");
      }
      long gaps = r.total(Kind.MISSING) + (resendsChanges ? changed : 0);
      boolean readAll = r.exit().didItsWork() || r.exit() == ExitCode.PROBLEMS_FOUND;
      String verdict =
          !readAll && !resend
              ? "could not read every call in "
                  + r.range()
                  + ", so nothing can be said of what is missing: "
                  + r.error()
              : gaps == 0
                  ? "nothing missing: every finished call in "
                      + r.range()
                      + " reached the receiver as"
                      + " it is now, or is accounted for above"
                  : resend
                      ? "sent "
                          + (r.counts().posted() + r.counts().resent())
                          + " of "
                          + gaps
                          + (resendsChanges ? " missing or stale calls (" : " missing calls (")
                          + r.counts().deadLettered()
                          + " dead-lettered)"
                          + (r.error() == null ? "" : "; stopped: " + r.error())
                      : gaps
                          + (resendsChanges
                              ? " calls missing or stale: run"
                              : " calls missing: run")
                          + " 'vicisync reconcile "
                          + range.text()
                          + src.option()
                          + " --resend-missing' to deliver them";
      out.println(verdict);
      if (resend) {
        log.info(
            "reconcile"
                + src.label()
                + " "
                + r.range()
                + ": "
                + verdict
                + "; exit "
                + r.exit().code());
      }
      return r.exit();
    }
  }

  private void print(Reconcile.Result r) {
    String head = "%-19s %9s %9s %6s %6s %8s %8s %6s%n";
    out.printf(
        Locale.ROOT,
        head,
        "hour (server time)",
        "calls",
        "delivered",
        "dead",
        "held",
        "pending",
        "missing",
        staleIsGap() ? "stale" : "changed");
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

  /** A call changed after delivery is a gap only where a run would post it again. */
  private boolean staleIsGap() {
    return settings.sync().resend() == SyncSettings.Resend.CHANGES;
  }

  private void row(String label, long[] h) {
    boolean gap = h[Kind.MISSING.ordinal()] + (staleIsGap() ? h[Kind.STALE.ordinal()] : 0) > 0;
    out.printf(
        Locale.ROOT,
        "%-19s %9d %9d %6d %6d %8d %8d %6d%s%n",
        label,
        h[Kind.CALLS.ordinal()],
        h[Kind.DELIVERED.ordinal()],
        h[Kind.DEAD.ordinal()],
        h[Kind.HELD.ordinal()],
        h[Kind.PENDING.ordinal()],
        h[Kind.MISSING.ordinal()],
        h[Kind.STALE.ordinal()],
        gap && !label.equals("total") ? "  ← gap" : "");
  }
}
