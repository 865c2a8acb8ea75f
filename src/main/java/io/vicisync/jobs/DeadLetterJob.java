package io.vicisync.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.ExitCode;
import io.vicisync.Json;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.PhoneNumbers;
import io.vicisync.engine.RunClock;
import io.vicisync.engine.Stopping;
import io.vicisync.log.RunLog;
import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.Enrichment;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.DeadLetters.Entry;
import io.vicisync.state.Fingerprints;
import io.vicisync.state.Ledger;
import io.vicisync.state.StateDir;
import io.vicisync.wire.Did;
import io.vicisync.wire.EncodedCall;
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
    DeadLetters dl = new DeadLetters(Wiring.state(settings.sync()).deadLetters());
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
        BackfillJob.LOCK_WAIT_SECONDS,
        log -> {
          DeadLetters dl = new DeadLetters(Wiring.state(s).deadLetters());
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
        BackfillJob.LOCK_WAIT_SECONDS,
        log -> {
          DeadLetters dl = new DeadLetters(state.deadLetters());
          List<Entry> all = dl.list();
          List<Entry> chosen =
              all.stream()
                  .filter(
                      e ->
                          sources.contains(source(e))
                              && (only.isEmpty() || only.contains(e.uniqueid())))
                  .toList();
          Set<String> unknown = new java.util.TreeSet<>(only);
          chosen.forEach(e -> unknown.remove(e.uniqueid()));
          if (!unknown.isEmpty()) {
            err.println(
                "vicisync: not in " + dl.file() + ": " + Text.safe(String.join(", ", unknown)));
          }
          List<Entry> keep = new ArrayList<>(all);
          Tally t = new Tally();
          for (CallSource src : sources) {
            List<Entry> mine = chosen.stream().filter(e -> source(e) == src).toList();
            if (mine.isEmpty() || t.stop != null) {
              continue;
            }
            try (Wiring w =
                Wiring.open(settings, src, Wiring.Mode.SEND, log, out, s.maxRunTime())) {
              replay(w, mine, keep, t, log);
            } catch (VicisyncException e) {
              t.stop = e;
            }
          }
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

  private static CallSource source(Entry e) {
    return "inbound".equals(e.source()) ? CallSource.INBOUND : CallSource.OUTBOUND;
  }

  /** The DID a kept payload carries as phoneNumber; null: it carries the customer's number. */
  private static String postedDid(Entry e) {
    String did = Did.of(e.payload().path("callerId").asText(null));
    return did != null && did.equals(e.payload().path("phoneNumber").asText()) ? did : null;
  }

  private void replay(Wiring w, List<Entry> entries, List<Entry> keep, Tally t, RunLog log) {
    CallSource src = w.context.source();
    Map<String, CallRow> rows = lookUp(w, entries);
    // enriched like a first post, so that the DID Optimizer counts it against its DID
    Map<String, Enrichment> extra = w.context.enricher().lookUp(List.copyOf(rows.values()));
    RunClock clock = new RunClock(w.db);
    for (Entry e : entries) {
      CallRow row = rows.get(e.key());
      byte[] json;
      long fp;
      long end;
      String did;
      if (row != null) {
        end = row.endEpoch() == null ? 0 : row.endEpoch();
        did =
            PhoneNumbers.did(
                w.context.settings(),
                PhoneNumbers.delivered(w.ledger.lookup(e.key(), end)),
                extra.get(row.uniqueid()));
        EncodedCall c =
            EncodedCall.of(row, e.uniqueid(), src).withBody(extra.get(row.uniqueid()), did);
        json = c.json();
        fp = c.fingerprint();
      } else {
        json = bytes(e);
        fp = Fingerprints.sha256Long(json) & Long.MAX_VALUE;
        end = e.payload().path("endEpoch").asLong();
        did = postedDid(e);
      }
      Ledger.Entry had = w.ledger.lookup(e.key(), end);
      if (had != null && !had.deadLettered() && had.fingerprint() == fp) {
        keep.remove(e);
        t.delivered++;
        log.info(
            "✓ "
                + e.uniqueid()
                + " was delivered as it is now by a later run; dead letter"
                + " removed");
        continue;
      }
      PostResult r =
          w.sender.await(
              w.sender.post(
                  new Outgoing(e.uniqueid(), json, EncodedCall.idempotencyKey(e.uniqueid(), fp))));
      switch (r.outcome()) {
        case DELIVERED -> {
          w.ledger.record(e.key(), fp, false, did != null, end, clock.now());
          keep.remove(e);
          t.delivered++;
          log.info(
              "✓ "
                  + e.uniqueid()
                  + " replayed"
                  + (row == null ? " (kept payload: the row" + " is no longer in VICIdial)" : ""));
        }
        case REFUSED -> {
          keep.set(
              keep.indexOf(e),
              new Entry(
                  clock.now(),
                  e.source(),
                  e.key(),
                  e.uniqueid(),
                  r.status(),
                  r.answer(),
                  tree(json)));
          t.refused++;
          log.warn("✗ " + e.uniqueid() + " refused again: HTTP " + r.status() + " " + r.answer());
        }
        default -> t.stop = Stopping.of(r, w.sender, e.uniqueid());
      }
      if (t.stop != null) {
        break;
      }
    }
    w.ledger.sync();
  }

  /** The rows as VICIdial has them now, from the source's table or else its archive. */
  private static Map<String, CallRow> lookUp(Wiring w, List<Entry> entries) {
    CallSource src = w.context.source();
    List<String> ids = entries.stream().map(Entry::key).distinct().toList();
    Map<String, CallRow> rows = new HashMap<>();
    boolean archive = w.db.exists(src.archive());
    for (int i = 0; i < ids.size(); i += 500) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
      rows.putAll(w.db.findByUniqueid(src.table(), chunk));
      if (archive) {
        List<String> rest = chunk.stream().filter(id -> !rows.containsKey(id)).toList();
        rows.putAll(w.db.findByUniqueid(src.archive(), rest));
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
