package io.vicisync.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.ops.Snapshot.SourceView;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.WatchEntry;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vicisync status}: a short aligned table for people, or JSON for scripts. The JSON's field
 * names are a promise: add to them, never rename.
 */
public final class StatusReport {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusReport() {}

  public static String text(Snapshot snap) {
    long nowMillis = System.currentTimeMillis();
    List<String[]> rows = new ArrayList<>();
    if (snap.instance().named()) {
      rows.add(new String[] {"instance", snap.instance().name() + " (" + snap.stateDir() + ")"});
    }
    if (!snap.others().isEmpty()) {
      rows.add(
          new String[] {
            snap.instance().named() ? "other instances" : "named instances",
            String.join(", ", snap.others()) + " (vicisync status --instance NAME)"
          });
    }
    for (SourceView v : snap.sources()) {
      String p = snap.sources().size() > 1 ? v.name() + " " : "";
      RunStatus.LastRun last = v.status() == null ? null : v.status().lastRun();
      rows.add(
          new String[] {
            p + "last run",
            last == null
                ? "never (no " + new StateDir(Path.of(snap.stateDir())).status() + " yet)"
                : LOCAL.format(Instant.ofEpochMilli(last.startedMillis()))
                    + ", "
                    + seconds(last.durationMillis())
                    + ", exit "
                    + last.exit()
                    + ": posted "
                    + last.posted()
                    + ", re-sent "
                    + last.resent()
                    + ", unchanged "
                    + last.unchanged()
                    + ", dead-lettered "
                    + last.deadLettered()
          });
      if (v.status() != null && v.status().lastGaveUpMillis() > 0) {
        rows.add(
            new String[] {
              p + "given up",
              v.status().totals().gaveUpWatching()
                  + " calls in all, the last "
                  + ago((nowMillis - v.status().lastGaveUpMillis()) / 1000)
                  + ": they never ended, or left VICIdial's tables before they were sent (the log"
                  + " names them)"
            });
      }
      if (v.status() != null) {
        RunStatus.Totals t = v.status().totals();
        rows.add(
            new String[] {
              p + "DIDs",
              t.withDid()
                  + " of "
                  + (t.posted() + t.resent())
                  + " posts counted against the DID that placed the call, "
                  + t.withoutDid()
                  + " without a DID (no caller ID known)"
                  + (t.didUnknown() > 0
                      ? ", "
                          + t.didUnknown()
                          + " from before this version recorded which (an earlier version sent"
                          + " the customer's number: not counted against any DID)"
                      : "")
                  + "; changed after delivery, not re-sent: "
                  + t.changedNotResent()
                  + " in all, "
                  + v.status().changedLastDay(nowMillis)
                  + " in the last 24 h"
            });
      }
      long age = v.lastSuccessAgeSeconds(nowMillis);
      rows.add(
          new String[] {
            p + "last success",
            age < 0
                ? "never"
                : ago(age)
                    + " ("
                    + LOCAL.format(Instant.ofEpochMilli(v.status().lastSuccessMillis()))
                    + ")"
          });
      Checkpoint cp = v.checkpoint();
      rows.add(
          new String[] {
            p + "cursor",
            cp == null
                ? "none yet"
                : cp.cursorLocal()
                    + " (VICIdial's call_date: calls that started before it have been read)"
          });
      long lag = v.lagSeconds(snap.nowEpoch());
      rows.add(
          new String[] {
            p + "lag",
            lag < 0
                ? "unknown"
                : lag
                    + " s"
                    + (cp == null || cp.newestDeliveredEnd() == 0
                        ? ""
                        : " (newest delivered call ended "
                            + ago(snap.nowEpoch() - cp.newestDeliveredEnd())
                            + ")")
          });
      rows.add(
          new String[] {
            p + "backlog",
            v.backlog() == null
                ? "unknown" + (snap.dbError() == null ? "" : " (database unreachable)")
                : (v.backlog().capped() ? "≥ " : "")
                    + v.backlog().calls()
                    + " finished calls not sent yet"
          });
      rows.add(
          new String[] {
            p + "held",
            cp == null
                ? "0"
                : held(cp)
                    + " waiting for a"
                    + " disposition; "
                    + cp.watch().size()
                    + " watched in all"
          });
      rows.add(
          new String[] {
            p + "last error", last == null || last.error() == null ? "-" : oneLine(last.error())
          });
    }
    rows.add(
        new String[] {
          "dead letters",
          snap.deadLetters() == 0 ? "0" : snap.deadLetters() + " (vicisync dead-letters list)"
        });
    if (snap.rateLimited() != null) {
      rows.add(
          new String[] {
            "rate limit",
            "posts held back until "
                + LOCAL.format(Instant.ofEpochMilli(snap.rateLimited().untilMillis()))
                + " ("
                + oneLine(snap.rateLimited().reason())
                + "); the lag above grows meanwhile"
          });
    }
    if (snap.dbError() != null) {
      rows.add(new String[] {"database", oneLine(snap.dbError())});
    }
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      b.append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
    }
    return b.toString();
  }

  public static String json(Snapshot snap) {
    long nowMillis = System.currentTimeMillis();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("instance", snap.instance().label());
    var others = root.putArray("otherInstances");
    snap.others().forEach(others::add);
    root.put("stateDir", snap.stateDir());
    root.put("now", snap.nowEpoch());
    root.put("deadLetters", snap.deadLetters());
    root.put(
        "rateLimitedUntil",
        snap.rateLimited() == null ? null : snap.rateLimited().untilMillis() / 1000);
    root.put("databaseError", snap.dbError());
    ObjectNode sources = root.putObject("sources");
    for (SourceView v : snap.sources()) {
      ObjectNode s = sources.putObject(v.name());
      RunStatus.LastRun last = v.status() == null ? null : v.status().lastRun();
      if (last == null) {
        s.putNull("lastRun");
      } else {
        ObjectNode r = s.putObject("lastRun");
        r.put("started", last.startedMillis() / 1000);
        r.put("durationMs", last.durationMillis());
        r.put("exit", last.exit());
        r.put("posted", last.posted());
        r.put("resent", last.resent());
        r.put("unchanged", last.unchanged());
        r.put("deadLettered", last.deadLettered());
        r.put("gaveUpWatching", last.gaveUpWatching());
        r.put("withoutDid", last.withoutDid());
        r.put("changedNotResent", last.changedNotResent());
        r.put("caughtUp", last.caughtUp());
      }
      long success = v.status() == null ? 0 : v.status().lastSuccessMillis() / 1000;
      if (success == 0) {
        s.putNull("lastSuccess");
      } else {
        s.put("lastSuccess", success);
      }
      s.put("lastSuccessAgeSeconds", v.lastSuccessAgeSeconds(nowMillis));
      if (v.status() != null) {
        ObjectNode t = s.putObject("totals");
        t.put("posted", v.status().totals().posted());
        t.put("resent", v.status().totals().resent());
        t.put("withoutDid", v.status().totals().withoutDid());
        t.put("changedNotResent", v.status().totals().changedNotResent());
      }
      Checkpoint cp = v.checkpoint();
      s.put("cursor", cp == null ? null : cp.cursorLocal());
      s.put("cursorEpoch", cp == null ? 0 : cp.cursorEpoch());
      s.put("lagSeconds", v.lagSeconds(snap.nowEpoch()));
      s.put("newestDeliveredEnd", cp == null ? 0 : cp.newestDeliveredEnd());
      if (v.backlog() == null) {
        s.putNull("backlog");
      } else {
        s.put("backlog", v.backlog().calls());
      }
      s.put("backlogCapped", v.backlog() != null && v.backlog().capped());
      s.put("held", cp == null ? 0 : held(cp));
      s.put("watching", cp == null ? 0 : cp.watch().size());
      s.put("lastError", last == null ? null : last.error());
    }
    return root.toPrettyString();
  }

  static long held(Checkpoint cp) {
    return cp.watch().stream().filter(w -> w.reason() == WatchEntry.Reason.HELD).count();
  }

  /**
   * Calls VICIdial changed after vicisync delivered them, which the optimizer holds as they were:
   * how many in the last day, and the command that names them.
   */
  static String changedLine(long calls, String logFile) {
    return calls
        + (calls == 1 ? " call" : " calls")
        + " changed after delivery in the last 24 h, not re-sent: the DID Optimizer holds what"
        + " VICIdial no longer does (grep 'changed after delivery' "
        + logFile
        + " names them)";
  }

  static String ago(long seconds) {
    if (seconds < 120) {
      return seconds + " s ago";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min ago";
    }
    return seconds < 172_800 ? seconds / 3600 + " h ago" : seconds / 86_400 + " days ago";
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ');
  }
}
