package io.vicisync.ops;

import io.vicisync.Text;
import io.vicisync.ops.Snapshot.SourceView;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vicisync check}: a Nagios / Icinga plugin. One line of status and perfdata, and the plugin
 * API's exit codes, which are that protocol's, not vicisync's own.
 */
public final class HealthCheck {
  /** The Nagios plugin states and their exit codes. */
  public enum State {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3);

    public final int code;

    State(int code) {
      this.code = code;
    }

    /**
     * The worse of two, as the plugin guidelines rank them: CRITICAL, then WARNING, then UNKNOWN,
     * then OK; an unknown part never hides a known warning.
     */
    State worst(State o) {
      return rank(o) > rank(this) ? o : this;
    }

    private static int rank(State s) {
      return switch (s) {
        case OK -> 0;
        case UNKNOWN -> 1;
        case WARNING -> 2;
        case CRITICAL -> 3;
      };
    }
  }

  /**
   * When the state worsens.
   *
   * @param warnLag lag (seconds) above which the state is WARNING (Nagios's range: 0 to it is OK)
   * @param critLag lag above which it is CRITICAL
   * @param maxAge seconds since the last successful run after which it is CRITICAL
   */
  public record Thresholds(long warnLag, long critLag, long maxAge) {}

  public record Result(State state, String line) {}

  /** A call given up on keeps check at WARNING this long: long enough for NRPE to see it. */
  static final long GAVE_UP_WARNS_MILLIS = 24 * 3600 * 1000L;

  private HealthCheck() {}

  public static Result evaluate(Snapshot snap, Thresholds t, long nowMillis) {
    State state = State.OK;
    List<String> problems = new ArrayList<>();
    List<String> facts = new ArrayList<>();
    StringBuilder perf = new StringBuilder();
    for (SourceView v : snap.sources()) {
      String p = snap.sources().size() > 1 ? v.name() + " " : "";
      String label = p.isEmpty() ? "" : v.name() + "_";
      if (v.status() == null && v.checkpoint() == null) {
        state = state.worst(State.UNKNOWN);
        problems.add(
            p + "no run recorded yet in " + snap.stateDir() + " (is cron running 'vicisync run'?)");
        continue;
      }
      long age = v.lastSuccessAgeSeconds(nowMillis);
      if (age < 0 || age > t.maxAge()) {
        state = state.worst(State.CRITICAL);
        String last =
            v.status() == null || v.status().lastRun().error() == null
                ? ""
                : ": " + v.status().lastRun().error();
        problems.add(
            p
                + (age < 0
                    ? "no successful run yet"
                    : "last success " + StatusReport.ago(age) + " (max " + t.maxAge() + " s)")
                + last);
      } else {
        facts.add(p + "last success " + age + "s ago");
      }
      long lag = v.lagSeconds(snap.nowEpoch());
      if (lag > t.critLag()) {
        state = state.worst(State.CRITICAL);
        problems.add(p + "lag " + lag + "s (critical above " + t.critLag() + "s)");
      } else if (lag > t.warnLag()) {
        state = state.worst(State.WARNING);
        problems.add(p + "lag " + lag + "s (warning above " + t.warnLag() + "s)");
      } else if (lag >= 0) {
        facts.add(0, p + "lag " + lag + "s");
      }
      if (lag >= 0) {
        perf.append(' ')
            .append(label)
            .append("lag=")
            .append(lag)
            .append("s;")
            .append(t.warnLag())
            .append(';')
            .append(t.critLag())
            .append(";0");
      }
      if (age >= 0) {
        perf.append(' ')
            .append(label)
            .append("last_success=")
            .append(age)
            .append("s;;")
            .append(t.maxAge())
            .append(";0");
      }
      long gaveUp = v.status() == null ? 0 : v.status().lastGaveUpMillis();
      if (gaveUp > 0 && nowMillis - gaveUp < GAVE_UP_WARNS_MILLIS) {
        state = state.worst(State.WARNING);
        problems.add(
            p
                + "calls given up on unsent "
                + StatusReport.ago((nowMillis - gaveUp) / 1000)
                + " ("
                + v.status().totals().gaveUpWatching()
                + " in all): they never ended, or left "
                + v.name()
                + " calls' tables (and the archive) before they were sent; the log names them");
      }
      long changed = v.status() == null ? 0 : v.status().changedLastDay(nowMillis);
      if (changed > 0) {
        state = state.worst(State.WARNING);
        problems.add(p + StatusReport.changedLine(changed, snap.logFile()));
      }
      if (v.backlog() != null) {
        perf.append(' ')
            .append(label)
            .append("backlog=")
            .append(v.backlog().calls())
            .append(";;;0");
      }
      if (v.checkpoint() != null) {
        perf.append(' ')
            .append(label)
            .append("held=")
            .append(StatusReport.held(v.checkpoint()))
            .append(";;;0");
      }
      perf.append(' ').append(label).append("changed_24h=").append(changed).append(";0;;0");
    }
    if (snap.dbError() != null) {
      // a lock or a slow answer says nothing of the sync: the runs' own records judge it
      state = state.worst(snap.dbBusy() ? State.UNKNOWN : State.CRITICAL);
      problems.add(0, "database: " + snap.dbError());
    }
    if (snap.rateLimited() != null) {
      state = state.worst(State.WARNING);
      long wait = Math.max(0, snap.rateLimited().untilMillis() - nowMillis) / 1000;
      problems.add(
          "the receiver's rate limit holds posts back for "
              + wait
              + "s more ("
              + Text.oneLine(snap.rateLimited().reason(), 120)
              + "): calls wait meanwhile, see the lag");
    }
    perf.append(" rate_limited=")
        .append(
            snap.rateLimited() == null
                ? 0
                : Math.max(0, snap.rateLimited().untilMillis() - nowMillis) / 1000)
        .append("s;;;0");
    if (snap.deadLetters() > 0) {
      state = state.worst(State.WARNING);
      problems.add(snap.deadLetters() + " dead letters (vicisync dead-letters list)");
    }
    // Nagios reads "0" as: above 0 is a warning, which is what this plugin says
    perf.append(" dead_letters=").append(snap.deadLetters()).append(";0;;0");
    List<String> words = new ArrayList<>(problems);
    words.addAll(facts);
    // "|" starts the perfdata in the plugin protocol: keep it out of the text
    String text =
        (snap.instance().named() ? "instance " + snap.instance().name() + ": " : "")
            + String.join(", ", words).replace('|', '/');
    return new Result(state, "VICISYNC " + state + " - " + text + " |" + perf);
  }
}
