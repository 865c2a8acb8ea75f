package io.vicisync.ops;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.Instance;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.source.Backlog;
import io.vicisync.source.CallSource;
import io.vicisync.source.jdbc.VicidialSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.disk.RateLimitStore.Pause;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the sync stands now: the state files, and from the database its clock and the calls not sent
 * yet. A database that cannot be reached is part of the answer, not a failure to give one.
 *
 * @param instance which of this host's dialers
 * @param others the host's other instances, for a pointer to them
 * @param nowEpoch the database's clock, or this machine's when the database is unreachable
 * @param dbError why the database could not be asked; null when it could
 * @param dbBusy it is there, but did not answer in time (a lock, a slow query): how the sync stands
 *     is unknown, not known to be bad
 */
public record Snapshot(
    Instance instance,
    List<String> others,
    String stateDir,
    String logFile,
    long nowEpoch,
    String dbError,
    boolean dbBusy,
    int deadLetters,
    List<SourceView> sources,
    Pause rateLimited) {

  /**
   * One call source (outbound: vicidial_log; inbound: vicidial_closer_log).
   *
   * @param status its last runs; null when none has run
   * @param checkpoint null when none has run
   * @param backlog null when unknown (no checkpoint yet, or no database)
   */
  public record SourceView(
      String name, RunStatus.Source status, Checkpoint checkpoint, Backlog backlog) {

    /**
     * How long the oldest finished call not delivered yet has waited, never more than now minus the
     * newest delivered call's end; 0 when none waits. -1 when unknown.
     */
    public long lagSeconds(long now) {
      if (backlog != null) {
        if (backlog.calls() == 0) {
          return 0;
        }
        long newest = checkpoint == null ? 0 : checkpoint.newestDeliveredEnd();
        return Math.max(0, now - Math.max(newest, backlog.oldestEnd()));
      }
      return status == null ? -1 : status.lastRun().lagSeconds();
    }

    /** Seconds since the last successful run started; -1 when there was none. */
    public long lastSuccessAgeSeconds(long nowMillis) {
      return status == null || status.lastSuccessMillis() == 0
          ? -1
          : Math.max(0, (nowMillis - status.lastSuccessMillis()) / 1000);
    }
  }

  /** How long status and check wait for the database by default: below NRPE's 10 s. */
  public static final String DEFAULT_TIMEOUT_SECONDS = "8";

  public static final Duration DEFAULT_TIMEOUT =
      Duration.ofSeconds(Long.parseLong(DEFAULT_TIMEOUT_SECONDS));

  /** Reads the state of every source the settings name, and asks the database what waits. */
  public static Snapshot take(Settings settings) {
    return take(settings, DEFAULT_TIMEOUT);
  }

  /**
   * The same, answering within {@code timeout} whatever the database does: a database that has not
   * answered by then is reported as such, like one that cannot be reached.
   */
  public static Snapshot take(Settings settings, Duration timeout) {
    SyncSettings s = settings.sync();
    StateDir state = new StateDir(s.stateDir());
    List<CallSource> tables = CallSource.of(s.sources());
    Optional<RunStatus> status = state.stores().status().load();
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (CallSource t : tables) {
      checkpoints.add(state.stores().checkpoints(t).load().orElse(null));
    }
    long now = System.currentTimeMillis() / 1000;
    String dbError = null;
    boolean busy = false;
    List<Backlog> backlogs = new ArrayList<>();
    CompletableFuture<DbView> asked = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                asked.complete(ask(settings, tables, checkpoints));
              } catch (Throwable e) {
                asked.completeExceptionally(e);
              }
            },
            "vicisync-snapshot");
    t.setDaemon(true); // a database that never answers must not keep the process alive
    t.start();
    try {
      DbView v = asked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      now = v.nowEpoch();
      backlogs.addAll(v.backlogs());
    } catch (TimeoutException e) {
      busy = true;
      dbError =
          "no answer from the database "
              + settings.db()
              + " within "
              + timeout.toSeconds()
              + " s (overloaded, or a table locked?)";
    } catch (ExecutionException e) {
      // whatever went wrong there, status and check still answer, with the reason
      busy = e.getCause() instanceof VicisyncException v && v.busyDatabase();
      dbError =
          e.getCause() instanceof VicisyncException v
              ? v.getMessage()
              : "asking the database failed: " + Text.oneLine(String.valueOf(e.getCause()), 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dbError = "interrupted";
    }
    List<SourceView> views = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      String name = tables.get(i).wire();
      views.add(
          new SourceView(
              name,
              status.map(r -> r.sources().get(name)).orElse(null),
              checkpoints.get(i),
              i < backlogs.size() ? backlogs.get(i) : null));
    }
    List<String> others = new ArrayList<>(Instance.configured());
    others.remove(s.instance().name());
    if (s.instance().named()) {
      others.add(0, Instance.DEFAULT_LABEL);
    }
    return new Snapshot(
        s.instance(),
        List.copyOf(others),
        s.stateDir().toString(),
        String.valueOf(s.logFile()),
        now,
        dbError,
        busy,
        state.stores().deadLetters().count(),
        views,
        rateLimited(state));
  }

  private record DbView(long nowEpoch, List<Backlog> backlogs) {}

  /** The receiver's pause still ahead (a 429's Retry-After, or a spent window); null: none. */
  private static Pause rateLimited(StateDir state) {
    try {
      return state.stores().rateLimit().active(System.currentTimeMillis()).orElse(null);
    } catch (VicisyncException e) {
      return null; // a damaged pause file only loses this line
    }
  }

  private static DbView ask(
      Settings settings, List<CallSource> tables, List<Checkpoint> checkpoints) {
    SyncSettings s = settings.sync();
    List<Backlog> backlogs = new ArrayList<>();
    try (VicidialSource source = VicidialSource.open(settings.db())) {
      long now = source.nowEpoch();
      for (int i = 0; i < tables.size(); i++) {
        Checkpoint cp = checkpoints.get(i);
        backlogs.add(
            cp == null
                ? null
                : source.backlog(
                    tables.get(i).table(),
                    cp.cursorLocal(),
                    s.settle().toSeconds(),
                    s.holdStatuses()));
      }
      return new DbView(now, backlogs);
    }
  }
}
