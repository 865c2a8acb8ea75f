package io.vicisync.jobs;

import io.vicisync.config.Settings;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.StateDir;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * One call source under {@code follow}: its resident {@link SourceRun}, the totals of its polls for
 * the hourly line, and its {@link FollowSchedule}, which decides when it polls next.
 */
final class Follower implements AutoCloseable {
  final CallSource source;
  private final SourceRun run;
  final HourTotals hour = new HourTotals();

  /** When it polls next, and its outages: read and written by the loop alone. */
  final FollowSchedule schedule = new FollowSchedule(FollowSchedule.Clock.SYSTEM);

  Follower(CallSource source, StateDir state) {
    this.source = source;
    this.run = SourceRun.resident(source, state);
  }

  /** See {@link SourceRun#run}; the poll is counted in the hour's totals. */
  SourceRun.Outcome poll(
      Settings settings, RunLog log, PrintStream out, boolean scan, BooleanSupplier stopping) {
    SourceRun.Outcome o = run.run(settings, log, out, scan, stopping);
    hour.add(o.report());
    return o;
  }

  void stop() {
    run.stop();
  }

  void reconnect() {
    run.reconnect();
  }

  @Override
  public void close() {
    run.close();
  }
}
