package io.vicisync.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.ExitCode;
import io.vicisync.Json;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Replay;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.DeadLetters;
import io.vicisync.state.disk.DeadLetters.Entry;
import io.vicisync.state.disk.StateDir;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code vicisync dead-letters list|replay|purge}: the calls the receiver refused for good. A
 * replay posts each call as VICIdial has it now (an admin may have fixed the row), or the kept
 * payload when the row is gone; delivered ones leave the file.
 */
public final class DeadLetterJob {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Settings settings;
  private final List<CallSource> sources;
  private final PrintStream out;
  private final PrintStream err;

  /** {@code sources}: the dead letters of these call sources only. */
  public DeadLetterJob(
      Settings settings, List<CallSource> sources, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.sources = sources;
    this.out = out;
    this.err = err;
  }

  public ExitCode list() {
    DeadLetters dl = Wiring.state(settings.sync()).stores().deadLetters();
    List<Entry> all = dl.list().stream().filter(e -> sources.contains(source(e))).toList();
    if (all.isEmpty()) {
      out.println("no dead letters in " + dl.file());
      return ExitCode.OK;
    }
    out.printf(
        Locale.ROOT,
        "%-20s %-8s %-19s %4s  %s%n",
        "uniqueid",
        "source",
        "refused at",
        "HTTP",
        "answer");
    for (Entry e : all) {
      out.printf(
          Locale.ROOT,
          "%-20s %-8s %-19s %4d  %s%n",
          Text.safe(e.uniqueid()),
          e.source(),
          shown(e.at()),
          e.status(),
          Text.oneLine(e.answer(), 100));
    }
    out.println(
        all.size()
            + " dead letters in "
            + dl.file()
            + "; once the cause is fixed:"
            + " vicisync dead-letters replay");
    return ExitCode.OK;
  }

  public ExitCode purge(int olderThanDays) {
    SyncSettings s = settings.sync();
    return LockedJob.run(
        s,
        err,
        "dead-letters purge",
        LockedJob.LOCK_WAIT_SECONDS,
        log -> {
          DeadLetters dl = Wiring.state(s).stores().deadLetters();
          List<Entry> all = dl.list();
          long cutoff = Instant.now().getEpochSecond() - olderThanDays * 86_400L;
          List<Entry> keep =
              all.stream().filter(e -> e.at() >= cutoff || !sources.contains(source(e))).toList();
          if (keep.size() < all.size()) {
            dl.rewrite(keep);
          }
          String line =
              "purged "
                  + (all.size() - keep.size())
                  + " dead letters older than "
                  + olderThanDays
                  + " days; "
                  + keep.size()
                  + " kept in "
                  + dl.file();
          log.info(line);
          out.println(line);
          return ExitCode.OK;
        });
  }

  /**
   * Replays the chosen dead letters of each source, each from that source's table as VICIdial has
   * the call now, recorded in that source's ledger.
   */
  public ExitCode replay(Set<String> only) {
    SyncSettings s = settings.sync();
    StateDir state = Wiring.state(s);
    return LockedJob.run(
        s,
        err,
        "dead-letters replay",
        LockedJob.LOCK_WAIT_SECONDS,
        log -> {
          DeadLetters dl = state.stores().deadLetters();
          List<Entry> all = dl.list();
          List<Entry> chosen =
              all.stream()
                  .filter(
                      e ->
                          sources.contains(source(e))
                              && (only.isEmpty() || only.contains(e.uniqueid())))
                  .toList();
          Set<String> unknown = new TreeSet<>(only);
          chosen.forEach(e -> unknown.remove(e.uniqueid()));
          if (!unknown.isEmpty()) {
            err.println(
                "vicisync: not in " + dl.file() + ": " + Text.safe(String.join(", ", unknown)));
          }
          Tally t = new Tally();
          Set<Entry> settled = new HashSet<>();
          for (CallSource src : sources) {
            List<Entry> mine = chosen.stream().filter(e -> source(e) == src).toList();
            if (mine.isEmpty() || t.stop != null) {
              continue;
            }
            try (Wiring w =
                Wiring.open(settings, src, Wiring.Mode.SEND, log, out, s.maxRunTime())) {
              Replay.Result r =
                  Replay.run(
                      w.context,
                      mine.stream()
                          .map(e -> new Replay.Letter(e.key(), e.uniqueid(), bytes(e)))
                          .toList());
              for (Entry e : mine) {
                if (r.delivered().contains(e.key())) {
                  settled.add(e);
                  t.delivered++;
                  if (r.fromKept().contains(e.key())) {
                    log.info(
                        "✓ "
                            + Text.safe(e.uniqueid())
                            + " replayed from its kept payload: the row is no longer in VICIdial");
                  }
                }
              }
              if (r.error() != null) {
                t.stop = new VicisyncException(r.exit(), r.error());
              }
            } catch (VicisyncException e) {
              t.stop = e;
            }
          }
          // a call refused again was added as a new dead letter, after those read before
          List<Entry> now = dl.list();
          List<Entry> again = now.subList(Math.min(all.size(), now.size()), now.size());
          t.refused = again.size();
          again.forEach(
              n ->
                  chosen.stream()
                      .filter(e -> e.key().equals(n.key()) && e.source().equals(n.source()))
                      .forEach(settled::add));
          List<Entry> keep = new ArrayList<>(all);
          keep.removeAll(settled);
          keep.addAll(again);
          dl.rewrite(keep);
          String line =
              "replayed "
                  + (t.delivered + t.refused)
                  + " dead letters: "
                  + t.delivered
                  + " delivered, "
                  + t.refused
                  + " refused again; "
                  + keep.size()
                  + " left in "
                  + dl.file();
          log.info(line);
          out.println(line);
          if (t.stop != null) {
            log.error(t.stop.getMessage());
            return t.stop.exitCode();
          }
          return t.refused > 0 ? ExitCode.DEAD_LETTERED : ExitCode.OK;
        });
  }

  /** What a replay did, across sources. */
  private static final class Tally {
    int delivered;
    int refused;
    VicisyncException stop;
  }

  /** The call source a dead letter was refused from; null for a name this version does not know. */
  private static CallSource source(Entry e) {
    return CallSource.byWire(e.source()).orElse(null);
  }

  private static byte[] bytes(Entry e) {
    try {
      return JSON.writeValueAsBytes(e.payload());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a parsed JSON tree always serialises", ex);
    }
  }

  private static String shown(long epoch) {
    return SHOWN.format(Instant.ofEpochSecond(epoch).atZone(ZoneId.systemDefault()));
  }
}
