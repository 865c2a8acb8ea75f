package io.vicisync.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.Json;
import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallTable;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.DeadLetters.Entry;
import io.vicisync.state.Fingerprints;
import io.vicisync.state.Ledger;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vicisync dead-letters list|replay|purge}: the calls the receiver refused for good. A
 * replay posts each call as VICIdial has it now (an admin may have fixed the row), or the kept
 * payload when the row is gone; delivered ones leave the file.
 */
public final class DeadLetterJob {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  public DeadLetterJob(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  public ExitCode list() {
    DeadLetters dl = new DeadLetters(settings.sync().stateDir());
    List<Entry> all = dl.list();
    if (all.isEmpty()) {
      out.println("no dead letters in " + dl.file());
      return ExitCode.OK;
    }
    out.printf(Locale.ROOT, "%-20s %-19s %4s  %s%n", "uniqueid", "refused at", "HTTP", "answer");
    for (Entry e : all) {
      out.printf(Locale.ROOT, "%-20s %-19s %4d  %s%n", e.uniqueid(), shown(e.at()), e.status(),
          e.answer().length() > 100 ? e.answer().substring(0, 100) + "…" : e.answer());
    }
    out.println(all.size() + " dead letters in " + dl.file() + "; once the cause is fixed:"
        + " vicisync dead-letters replay");
    return ExitCode.OK;
  }

  public ExitCode purge(int olderThanDays) {
    SyncSettings s = settings.sync();
    return LockedJob.run(s, err, "dead-letters purge", BackfillJob.LOCK_WAIT_SECONDS, log -> {
      DeadLetters dl = new DeadLetters(s.stateDir());
      List<Entry> all = dl.list();
      long cutoff = Instant.now().getEpochSecond() - olderThanDays * 86_400L;
      List<Entry> keep = all.stream().filter(e -> e.at() >= cutoff).toList();
      if (keep.size() < all.size()) {
        dl.rewrite(keep);
      }
      String line = "purged " + (all.size() - keep.size()) + " dead letters older than "
          + olderThanDays + " days; " + keep.size() + " kept in " + dl.file();
      log.info(line);
      out.println(line);
      return ExitCode.OK;
    });
  }

  public ExitCode replay(Set<String> only) {
    SyncSettings s = settings.sync();
    return LockedJob.run(s, err, "dead-letters replay", BackfillJob.LOCK_WAIT_SECONDS, log -> {
      try (VicidialSource source = VicidialSource.open(settings.db());
          Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), false);
          CallPoster poster = new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
              System.nanoTime() + s.maxRunTime().toNanos(), "vicisync/" + Version.get())) {
        return replay(only, source, ledger, poster, log);
      } catch (VicisyncException e) {
        log.error(e.getMessage());
        return e.exitCode();
      }
    });
  }

  private ExitCode replay(Set<String> only, VicidialSource source, Ledger ledger,
      CallPoster poster, RunLog log) {
    DeadLetters dl = new DeadLetters(settings.sync().stateDir());
    List<Entry> all = dl.list();
    List<Entry> chosen = all.stream().filter(e -> only.isEmpty() || only.contains(e.uniqueid()))
        .toList();
    Set<String> unknown = new java.util.TreeSet<>(only);
    chosen.forEach(e -> unknown.remove(e.uniqueid()));
    if (!unknown.isEmpty()) {
      err.println("vicisync: not in " + dl.file() + ": " + String.join(", ", unknown));
    }
    Map<String, CallRow> rows = lookUp(source, chosen);
    RunClock clock = new RunClock(source);
    List<Entry> keep = new ArrayList<>(all);
    int delivered = 0;
    int refused = 0;
    VicisyncException stop = null;
    for (Entry e : chosen) {
      CallRow row = rows.get(e.uniqueid());
      byte[] json;
      long fp;
      long end;
      if (row != null) {
        EncodedCall c = EncodedCall.of(row, e.uniqueid()).withBody(null);
        json = c.json();
        fp = c.fingerprint();
        end = row.endEpoch() == null ? 0 : row.endEpoch();
      } else {
        json = bytes(e);
        fp = Fingerprints.sha256Long(json) & Long.MAX_VALUE;
        end = e.payload().path("endEpoch").asLong();
      }
      Ledger.Entry had = ledger.lookup(e.uniqueid(), end);
      if (had != null && !had.deadLettered() && had.fingerprint() == fp) {
        keep.remove(e);
        delivered++;
        log.info("✓ " + e.uniqueid() + " was delivered as it is now by a later run; dead letter"
            + " removed");
        continue;
      }
      PostResult r = poster.await(poster.post(new Outgoing(e.uniqueid(), json,
          EncodedCall.idempotencyKey(e.uniqueid(), fp))));
      switch (r.outcome()) {
        case DELIVERED -> {
          ledger.record(e.uniqueid(), fp, false, end, clock.now());
          keep.remove(e);
          delivered++;
          log.info("✓ " + Text.safe(e.uniqueid()) + " replayed" + (row == null ? " (kept payload: the row is"
              + " no longer in VICIdial)" : ""));
        }
        case REFUSED -> {
          keep.set(keep.indexOf(e), new Entry(clock.now(), e.uniqueid(), r.status(), r.answer(),
              tree(json)));
          refused++;
          log.warn("✗ " + Text.safe(e.uniqueid()) + " refused again: HTTP " + r.status() + " "
              + r.answer());
        }
        default -> stop = Dispatcher.stopping(r, poster, e.uniqueid());
      }
      if (stop != null) {
        break;
      }
    }
    ledger.sync();
    dl.rewrite(keep);
    String line = "replayed " + (delivered + refused) + " dead letters: " + delivered
        + " delivered, " + refused + " refused again; " + keep.size() + " left in " + dl.file();
    log.info(line);
    out.println(line);
    if (stop != null) {
      log.error(stop.getMessage());
      return stop.exitCode();
    }
    return refused > 0 ? ExitCode.DEAD_LETTERED : ExitCode.OK;
  }

  /** The rows as VICIdial has them now, from the log or else the archive. */
  private static Map<String, CallRow> lookUp(VicidialSource source, List<Entry> entries) {
    List<String> ids = entries.stream().map(Entry::uniqueid).distinct().toList();
    Map<String, CallRow> rows = new HashMap<>();
    boolean archive = source.exists(CallTable.ARCHIVE);
    for (int i = 0; i < ids.size(); i += 500) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
      rows.putAll(source.findByUniqueid(CallTable.LOG, chunk));
      if (archive) {
        List<String> rest = chunk.stream().filter(id -> !rows.containsKey(id)).toList();
        rows.putAll(source.findByUniqueid(CallTable.ARCHIVE, rest));
      }
    }
    return rows;
  }

  private static byte[] bytes(Entry e) {
    try {
      return JSON.writeValueAsBytes(e.payload());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a parsed JSON tree always serialises", ex);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException ex) {
      throw new IllegalStateException("our own JSON always parses", ex);
    }
  }

  private static String shown(long epoch) {
    return SHOWN.format(Instant.ofEpochSecond(epoch).atZone(ZoneId.systemDefault()));
  }
}
