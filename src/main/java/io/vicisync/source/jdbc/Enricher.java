package io.vicisync.source.jdbc;

import io.vicisync.source.CallEnricher;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Looks up, for a batch of calls about to be posted, what VICIdial's other tables know of them: a
 * list of {@link Lookup}s, run in order (the AMD lookup uses the caller code the caller-ID lookup
 * found). A lookup whose tables the user may not read (or that do not exist) is turned off for the
 * rest of the run, said once through {@code notice}; the calls go out without its fields.
 */
public final class Enricher implements CallEnricher {
  /** Every lookup, in the order they run. */
  private static final List<Lookup> ALL =
      List.of(
          new CallerIdLookup(),
          new CarrierLookup(),
          new AmdLookup(),
          new LeadLookup(),
          new TalkLookup());

  private final VicidialSource source;
  private final Consumer<String> notice;
  private final List<Lookup> on;

  /** {@code dialed}: outbound calls, which the dial, carrier and AMD logs know of too. */
  public Enricher(VicidialSource source, Consumer<String> notice, boolean dialed) {
    this.source = source;
    this.notice = notice;
    this.on = new ArrayList<>(lookups(dialed));
  }

  private static List<Lookup> lookups(boolean dialed) {
    return ALL.stream().filter(l -> dialed || !l.dialedOnly()).toList();
  }

  /** The tables enrichment reads for calls of this kind, for doctor. */
  static List<Inspection.Table> tables(boolean dialed) {
    List<Inspection.Table> t = new ArrayList<>();
    for (Lookup l : lookups(dialed)) {
      l.reads()
          .forEach(
              (name, columns) ->
                  t.add(
                      new Inspection.Table(name, columns, false, "enrichment: " + l.fieldNames())));
    }
    return t;
  }

  /** What is known of each call, by uniqueid; calls with nothing known are absent. */
  @Override
  public Map<String, Enrichment> lookUp(List<CallRow> rows) {
    Map<String, Enrichment> out = new HashMap<>();
    if (rows.isEmpty()) {
      return out;
    }
    TalkLookup.unanswered(rows, out);
    for (Lookup l : List.copyOf(on)) {
      try {
        l.fill(source, rows, out);
      } catch (SQLException e) {
        on.remove(l);
        off(e, l);
      }
    }
    return out;
  }

  private void off(SQLException e, Lookup l) {
    List<String> tables = List.copyOf(l.reads().keySet());
    String names = String.join(" and ", tables);
    String why;
    if (e.getErrorCode() == 1146) {
      why = "no such table";
    } else if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
      StringBuilder grants = new StringBuilder("not granted; run");
      for (String t : tables) {
        grants.append(' ').append(DbErrors.grant(source.db(), source.account(), t));
      }
      why = grants.toString();
    } else {
      why = source.explain("reading " + names, e, names).getMessage();
    }
    notice.accept(
        "sending calls without "
            + l.fieldNames()
            + " this run: cannot read "
            + names
            + " ("
            + why
            + "); --no-enrich turns enrichment off");
  }
}
