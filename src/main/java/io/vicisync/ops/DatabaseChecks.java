package io.vicisync.ops;

import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.RateLimit;
import io.vicisync.source.CallSource;
import io.vicisync.source.CallTable;
import io.vicisync.source.jdbc.BusiestWindow;
import io.vicisync.source.jdbc.CallDateZone;
import io.vicisync.source.jdbc.Inspection;
import io.vicisync.source.jdbc.VicidialSource;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * doctor's questions to the database: the connection, each table's grant and columns, the poll
 * query's plan, the call_date zone, the clocks, and whether the receiver's rate limit holds this
 * dialer's busiest window.
 */
final class DatabaseChecks {
  private final Findings f;

  DatabaseChecks(Findings f) {
    this.f = f;
  }

  /** Below this, a full scan costs less than the index, and MariaDB rightly chooses it. */
  private static final long SMALL_TABLE = 10_000;

  void database(Settings s) {
    SyncSettings sync = s.sync();
    try (VicidialSource source = VicidialSource.open(s.db())) {
      Inspection db = new Inspection(source);
      f.pass("database: connected as " + s.db() + ", MariaDB/MySQL " + db.serverVersion());
      for (Inspection.Table t : Inspection.tables(CallSource.of(sync.sources()), sync.enrich())) {
        table(db, t, sync.enrich());
      }
      for (CallSource src : CallSource.of(sync.sources())) {
        plan(db, src.table());
        zone(source, src.table());
      }
      clock(db.clock());
    } catch (VicisyncException e) {
      f.fail("database: " + e.getMessage());
    } catch (SQLException e) {
      f.fail("database: " + e.getMessage());
    }
  }

  /** The dialers' call_date and the database's conversion of epochs must be in one zone. */
  private void zone(VicidialSource source, CallTable table) {
    try {
      CallDateZone.measure(source, table)
          .ifPresentOrElse(
              g -> {
                if (g.differs()) {
                  f.fail(g.explain(table));
                } else {
                  f.pass(
                      table
                          + ": call_date and start_epoch agree in the database's time zone ("
                          + g.sessionZone()
                          + "), as the poll's ranges need");
                }
              },
              () -> f.pass(table + ": no calls yet to compare call_date with start_epoch"));
    } catch (VicisyncException e) {
      f.warn(table + ": could not compare call_date with start_epoch: " + e.getMessage());
    }
  }

  private void table(Inspection db, Inspection.Table t, boolean enrich) {
    Inspection.Access a = db.access(t);
    String what = t.name() + " (" + t.usedFor() + ")";
    boolean onlyAdds = t.usedFor().startsWith("enrichment") || t.optional();
    if (!a.exists() && t.optional()) {
      f.pass(what + ": not there yet, which is fine");
    } else if (a.problem() != null && onlyAdds) {
      // the calls still go out, without these fields (or archived days can't be backfilled)
      f.warn(
          what
              + ": "
              + a.problem()
              + (t.usedFor().startsWith("enrichment") && enrich
                  ? " (until then calls are sent without these fields; or turn enrichment off:"
                      + " [sync] enrich = 0)"
                  : ""));
    } else if (a.problem() != null) {
      f.fail(what + ": " + a.problem());
    } else if (!a.missingColumns().isEmpty()) {
      f.fail(
          what
              + ": lacks the columns "
              + String.join(", ", a.missingColumns())
              + "; is this"
              + " VICIdial's database, and its schema up to date (extras/upgrade_*.sql)?");
    } else {
      f.pass(
          what
              + ": SELECT granted, the "
              + t.columns().size()
              + " columns vicisync reads are"
              + " there");
    }
  }

  private void plan(Inspection db, CallTable t) {
    try {
      Inspection.Plan p = db.explainPoll(t);
      if (p.type() == null) {
        // MariaDB plans nothing for a MyISAM table it knows to be empty
        f.pass(
            "the poll query on "
                + t
                + ": the table is empty, so there is no plan to check yet;"
                + " run doctor again once calls are there");
      } else if (p.usesIndex()) {
        f.pass(
            "the poll query reads "
                + t
                + " by its "
                + p.key()
                + " index (EXPLAIN: "
                + p.type()
                + ", ~"
                + p.rows()
                + " rows for the last hour)");
      } else if (p.canUseCallDate() && p.rows() < SMALL_TABLE) {
        f.pass(
            "the poll query on "
                + t
                + ": ~"
                + p.rows()
                + " rows, so few that MariaDB reads"
                + " them whole; it has the call_date index for when the table grows");
      } else {
        f.fail(
            "the poll query would scan all of "
                + t
                + " (EXPLAIN: "
                + p.type()
                + ", key "
                + p.key()
                + ", ~"
                + p.rows()
                + " rows), locking it for the dialer: restore its index"
                + " with ALTER TABLE "
                + t
                + " ADD INDEX (call_date);");
      }
    } catch (SQLException e) {
      f.fail("EXPLAIN of the poll query on " + t + ": " + e.getMessage());
    }
  }

  private void clock(Inspection.Clock c) {
    ZoneId jvm = ZoneId.systemDefault();
    ZoneOffset jvmOffset = jvm.getRules().getOffset(Instant.ofEpochSecond(c.epoch()));
    ZoneOffset dbOffset = ZoneOffset.ofTotalSeconds((int) c.offsetSeconds());
    long skew = Math.abs(System.currentTimeMillis() / 1000 - c.epoch());
    String zones =
        "the database's local time is UTC"
            + dbOffset.getId().replace("Z", "+00:00")
            + " (time_zone "
            + c.sessionZone()
            + "), this JVM's UTC"
            + jvmOffset.getId().replace("Z", "+00:00")
            + " ("
            + jvm
            + ")";
    if (!dbOffset.equals(jvmOffset)) {
      f.warn(
          zones
              + ": vicisync reads call_date through the database, so no call is lost, but"
              + " its log and status show this JVM's time; set TZ in /etc/default/vicisync (or the"
              + " database's time_zone) so they match");
    } else {
      f.pass(zones);
    }
    if (skew > 5) {
      f.warn(
          "the database's clock and this machine's differ by "
              + skew
              + " s: run NTP (chrony)"
              + " on both");
    }
  }

  /**
   * The receiver's advertised limit against this dialer's busiest window of the same length in the
   * last week: a dialer that outruns it falls further behind every hour, 429 after 429.
   */
  void rateLimit(Settings s, RateLimit rl) {
    String allows =
        "receiver: allows "
            + rl.describe()
            + " to this server"
            + (rl.windowAdvertised()
                ? ""
                : " (its window is not advertised: the DID Optimizer's default)");
    long span = rl.windowSeconds();
    try (VicidialSource db = VicidialSource.open(s.db())) {
      BusiestWindow.Result b =
          BusiestWindow.of(
              db, CallSource.of(s.sync().sources()).stream().map(CallSource::table).toList(), span);
      String busiest =
          "the busiest "
              + RateLimit.span(span)
              + " of the last "
              + BusiestWindow.DAYS
              + " days here held "
              + b.calls()
              + (b.calls() == 1 ? " call" : " calls")
              + (b.startsLocal() == null ? "" : " (from " + b.startsLocal() + ")");
      if (b.calls() > rl.limit()) {
        f.fail(
            allows
                + ", and "
                + busiest
                + ": runs would be refused (HTTP 429) and fall further behind; whitelist this"
                + " server's address in the DID Optimizer's rate limiter, or raise its"
                + " RATE_LIMIT_MAX_REQUESTS to at least "
                + b.calls());
      } else {
        f.pass(allows + "; " + busiest + ", within it");
      }
    } catch (VicisyncException e) {
      f.warn(allows + "; the calls per window could not be counted: " + e.getMessage());
    }
  }
}
