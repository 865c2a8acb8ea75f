package io.vicisync.jobs;

import io.vicisync.Deadline;
import io.vicisync.Text;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.RunContext;
import io.vicisync.engine.RunResult;
import io.vicisync.engine.SyncEngine;
import io.vicisync.log.LogEvents;
import io.vicisync.log.Privacy;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.sink.DryRunSender;
import io.vicisync.sink.Sender;
import io.vicisync.source.Backlog;
import io.vicisync.source.CallEnricher;
import io.vicisync.source.CallSource;
import io.vicisync.source.jdbc.CallDateZone;
import io.vicisync.source.jdbc.Enricher;
import io.vicisync.source.jdbc.VicidialSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.PerlPosition;
import io.vicisync.state.disk.CheckpointStore;
import io.vicisync.state.disk.Ledger;
import io.vicisync.state.disk.LegacyCheckpoint;
import io.vicisync.state.disk.StateDir;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: for one command and one kind of call, the database connection, the sent
 * ledger, the sender and the listeners the core works with, built here and nowhere else.
 */
final class Wiring implements AutoCloseable {
  /** How a command treats the receiver and the state. */
  enum Mode {
    /** Posts, and records what was delivered. */
    SEND,
    /** Lists what would be posted; posts nothing, changes no state. */
    DRY_RUN,
    /** Reads only: a report. */
    REPORT,
    /** As SEND, for the resident {@code follow}, which reports failures itself, once. */
    FOLLOW;

    boolean posts() {
      return this == SEND || this == FOLLOW;
    }
  }

  /** A command without --max-run-time (an administrator's backfill) has this long. */
  static final Duration NO_TIME_LIMIT = Duration.ofDays(365);

  final StateDir state;
  final VicidialSource db;
  final Ledger ledger;
  final Sender sender;
  final RunContext context;

  private final Ledger other;

  private Wiring(
      StateDir state,
      VicidialSource db,
      Ledger ledger,
      Sender sender,
      RunContext context,
      Ledger other) {
    this.other = other;
    this.state = state;
    this.db = db;
    this.ledger = ledger;
    this.sender = sender;
    this.context = context;
  }

  /** The kinds of call the settings ask for, outbound first. */
  static List<CallSource> sources(SyncSettings s) {
    return CallSource.of(s.sources());
  }

  /** What a command works with, for its first log line: "vicisync 1.2, database …, receiver …". */
  static String describe(Settings settings, StateDir state) {
    return "vicisync "
        + Version.get()
        + settings.sync().instance().suffix()
        + ", database "
        + settings.db()
        + ", receiver "
        + settings.api()
        + ", state "
        + state
        + ", calls from "
        + sources(settings.sync()).stream().map(c -> c.table().sqlName()).toList();
  }

  /**
   * The calls finished, settled and not delivered when a run ended (the figure {@code status}
   * shows), for the metrics file's backlog gauge: 0 when it caught up; counted, in the same short
   * bounded queries as status, only when it did not and a metrics file wants it; null when unknown
   * (the database failed with the run, or nothing reads the figure).
   */
  Long backlog(RunResult r, Checkpoint after) {
    SyncSettings s = context.settings();
    if (r.caughtUp()) {
      return 0L;
    }
    if (s.metricsFile() == null || after == null) {
      return null;
    }
    try {
      Backlog b =
          db.backlog(
              context.source().table(),
              after.cursorLocal(),
              s.settle().toSeconds(),
              s.holdStatuses());
      return b.calls();
    } catch (VicisyncException e) {
      return null;
    }
  }

  /** Files in the ledger directory that are not segments are ignored, with one line. */
  void logStrays(RunLog log) {
    if (!ledger.strays().isEmpty()) {
      log.info(
          "ignoring "
              + ledger.strays().stream().map(Text::safe).toList()
              + " in "
              + ledger.dir()
              + ": not ledger segments (YYYYMMDD.led)");
    }
  }

  /** A first run's engine: it may take over where the Perl script vicisync replaces had got. */
  SyncEngine engine(CheckpointStore store) {
    SyncSettings s = context.settings();
    return new SyncEngine(
        context,
        store,
        context.source().hadLegacyScript()
            ? LegacyCheckpoint.at(s.legacyCheckpoint())
            : PerlPosition.NONE);
  }

  /** The state directory the settings name. */
  static StateDir state(SyncSettings s) {
    return new StateDir(s.stateDir());
  }

  /**
   * Everything the core needs for {@code source}; {@code timeLimit} bounds the run (after it, no
   * post starts), {@code out} receives a dry run's listing.
   */
  static Wiring open(
      Settings settings,
      CallSource source,
      Mode mode,
      RunLog log,
      PrintStream out,
      Duration timeLimit) {
    return open(settings, source, mode, log, out, timeLimit, null);
  }

  /** {@code held}: a ledger kept from before, with records a full disk has not taken yet. */
  static Wiring open(
      Settings settings,
      CallSource source,
      Mode mode,
      RunLog log,
      PrintStream out,
      Duration timeLimit,
      Ledger held) {
    SyncSettings s = settings.sync();
    StateDir state = state(s);
    Deadline deadline = Deadline.in(timeLimit);
    VicidialSource db = VicidialSource.open(settings.db());
    Ledger ledger = held;
    Ledger other = null;
    try {
      CallDateZone.require(db, source.table());
      if (ledger == null) {
        ledger = state.stores().ledger(source, db.nowEpoch(), s.ledgerDays(), !mode.posts());
      }
      Sender sender =
          mode.posts()
              ? new CallPoster(
                  settings.api(),
                  state
                      .stores()
                      .patience()
                      .wait(settings.api().timeout())
                      .orElse(settings.api().timeout()),
                  s.maxInFlight(),
                  s.maxRate(),
                  deadline,
                  "vicisync/" + Version.get())
              : new DryRunSender(settings.api().callResultsUri());
      Privacy privacy = new Privacy(s.privacyMode());
      CallEnricher enricher =
          s.enrich() ? new Enricher(db, log::info, source.enriched()) : CallEnricher.NONE;
      RunContext ctx =
          new RunContext(
              s,
              source,
              db,
              sender,
              ledger,
              state.stores().deadLetters(),
              enricher,
              switch (mode) {
                case DRY_RUN -> LogEvents.dryRun(log, privacy, state.deadLetters(), out);
                case FOLLOW -> LogEvents.follow(log, privacy, state.deadLetters());
                default -> LogEvents.live(log, privacy, state.deadLetters());
              },
              deadline,
              other = otherLedger(state, source, db.nowEpoch(), s.ledgerDays()));
      return new Wiring(state, db, ledger, sender, ctx, other);
    } catch (RuntimeException e) {
      if (ledger != null && ledger != held) {
        ledger.close(); // a held one stays with its owner, records and all
      }
      if (other != null) {
        other.close();
      }
      db.close();
      throw e;
    }
  }

  /**
   * The ledger, read-only, of the source calls are transferred into {@code source} from: the
   * outbound leg of a transferred call may have been posted already; null when there is none, or
   * before any of its calls was sent.
   */
  private static Ledger otherLedger(StateDir state, CallSource source, long now, int days) {
    for (CallSource from : source.transferredFrom()) {
      Optional<Ledger> l = state.stores().existingLedger(from, now, days);
      if (l.isPresent()) {
        return l.get();
      }
    }
    return null;
  }

  @Override
  public void close() {
    sender.close();
    ledger.close();
    if (other != null) {
      other.close();
    }
    db.close();
  }

  /**
   * Closes all but the ledger, which is returned for the next wiring when it holds records a full
   * disk has not taken yet (else closed too, and null).
   */
  Ledger closeHoldingUnwritten() {
    sender.close();
    if (other != null) {
      other.close();
    }
    db.close();
    try {
      ledger.sync();
    } catch (VicisyncException stillFull) {
      // kept in memory, written when the disk takes it
    }
    if (ledger.holdsUnwritten()) {
      return ledger;
    }
    ledger.close();
    return null;
  }
}
