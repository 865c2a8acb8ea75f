package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.state.disk.StateDir;
import io.vicisync.state.disk.TroubleStore;
import io.vicisync.state.disk.TroubleStore.Trouble;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Cron mails whatever a job prints: a run on a terminal prints as it goes, but a cron run's lines
 * are held until it ends, and printed only if they are news. A failure is news when its kind of
 * trouble starts, then once an hour while it lasts; its end is news too, in one line. Every run
 * still writes all of it to the log.
 */
final class CronMail {
  /** How often a trouble that lasts is mailed again. */
  static final Duration REMIND_EVERY = Duration.ofHours(1);

  private CronMail() {}

  /**
   * Runs {@code job} with a stderr that is {@code err} itself on a terminal, and otherwise held and
   * let through by the rules above, remembered in {@code state}.
   */
  static ExitCode run(
      StateDir state, boolean terminal, PrintStream err, Function<PrintStream, ExitCode> job) {
    if (terminal) {
      return job.apply(err);
    }
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    ExitCode exit;
    try (PrintStream hold = new PrintStream(held, true, StandardCharsets.UTF_8)) {
      exit = job.apply(hold);
    }
    List<String> lines = held.toString(StandardCharsets.UTF_8).lines().toList();
    long now = System.currentTimeMillis();
    for (String line : say(state.stores().trouble(), exit, lines, now)) {
      err.println(line);
    }
    return exit;
  }

  /** The lines cron is to mail for a run that ended with {@code exit} and printed {@code lines}. */
  static List<String> say(TroubleStore store, ExitCode exit, List<String> lines, long now) {
    try {
      Trouble before = store.load().orElse(null);
      if (exit.didItsWork() || exit == ExitCode.INTERRUPTED || exit == ExitCode.TERMINATED) {
        // the calls went, but something beside them failed (the metrics file): a trouble too
        List<String> errors = lines.stream().filter(l -> l.startsWith(ERROR)).toList();
        if (!errors.isEmpty() && exit.didItsWork()) {
          List<String> rest = lines.stream().filter(l -> !l.startsWith(ERROR)).toList();
          return trouble(store, before, exit, lines, rest, errors.get(errors.size() - 1), now);
        }
        if (before == null) {
          return lines;
        }
        store.clear();
        if (!before.mailed()) {
          return lines; // only ever logged (not configured yet): its end is no news either
        }
        return concat(
            lines,
            "vicisync: back to normal after "
                + minutes(now - before.sinceMillis())
                + " of: "
                + before.line().replaceFirst("^vicisync: (error: )?", ""));
      }
      String first = lines.isEmpty() ? "exit " + exit.code() : lines.get(lines.size() - 1);
      return trouble(store, before, exit, lines, List.of(), first, now);
    } catch (VicisyncException e) {
      return lines; // a state directory that cannot be written: better mailed every minute
    }
  }

  private static final String ERROR = "vicisync: error: ";

  /**
   * A trouble's lines: all of them when it starts, {@code quiet} while it lasts, with a reminder
   * once an hour.
   */
  private static List<String> trouble(
      TroubleStore store,
      Trouble before,
      ExitCode exit,
      List<String> lines,
      List<String> quiet,
      String first,
      long now) {
    String kind = exit.code() + " " + gist(first);
    boolean same = before != null && before.kind().equals(kind);
    if (same && now - before.saidMillis() < REMIND_EVERY.toMillis()) {
      return quiet;
    }
    store.save(new Trouble(kind, first, same ? before.sinceMillis() : now, now, true));
    return same
        ? concat(lines, "vicisync: still failing after " + minutes(now - before.sinceMillis()))
        : lines;
  }

  /**
   * Whether a run of an installation not configured yet says so in its log now: once an hour. It
   * never mails: a package installed before its API key is set is not news every minute.
   */
  static boolean logNotConfigured(StateDir state, String line, long now) {
    TroubleStore store = state.stores().trouble();
    try {
      Trouble before = store.load().orElse(null);
      boolean same = before != null && !before.mailed();
      if (same && now - before.saidMillis() < REMIND_EVERY.toMillis()) {
        return false;
      }
      store.save(
          new Trouble("not configured", line, same ? before.sinceMillis() : now, now, false));
      return true;
    } catch (VicisyncException e) {
      return true; // no state directory yet: say it, in the log
    }
  }

  /**
   * A line without what changes from one run to the next of the same trouble (counts, times, ports,
   * ids): another text is another trouble, and news.
   */
  static String gist(String line) {
    String g = line.replaceAll("[0-9]+", "#");
    return g.length() > 500 ? g.substring(0, 500) : g;
  }

  private static String minutes(long millis) {
    long m = Math.max(1, Math.round(millis / 60_000.0));
    return m + (m == 1 ? " minute" : " minutes");
  }

  private static List<String> concat(List<String> lines, String last) {
    return Stream.concat(lines.stream(), Stream.of(last)).toList();
  }
}
