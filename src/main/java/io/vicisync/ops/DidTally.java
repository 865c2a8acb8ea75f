package io.vicisync.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.wire.OptimizerResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * {@code vicisync dids}: the truth per DID, from VICIdial's own rows, as the DID Optimizer would
 * count it (its result mapping), beside what VICIdial alone knows (machine or human, drops, sales)
 * and how many of the calls the optimizer acknowledged. One line per DID, whatever the range:
 * memory grows with the DIDs, not the calls.
 */
public final class DidTally {
  /** The statuses VICIdial writes for a call dropped before an agent took it. */
  private static final Set<String> DROPS = Set.of("DROP", "PDROP", "XDROP");

  /** What is known of one DID's calls. */
  public static final class Line {
    final String did;
    long calls;
    long answered;
    long busy;
    long noAnswer;
    long failed;
    long dropped;
    long machine;
    long human;
    long drops;
    long talkSeconds;
    long talked;
    long sales;
    long acknowledged;

    Line(String did) {
      this.did = did;
    }

    double answerRate() {
      return calls == 0 ? 0 : (double) answered / calls;
    }

    double averageTalk() {
      return talked == 0 ? 0 : (double) talkSeconds / talked;
    }
  }

  /** The columns a table can be sorted by, each with its value. */
  private static final Map<String, ToDoubleFunction<Line>> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("calls", l -> l.calls);
    COLUMNS.put("answered", l -> l.answered);
    COLUMNS.put("busy", l -> l.busy);
    COLUMNS.put("no_answer", l -> l.noAnswer);
    COLUMNS.put("failed", l -> l.failed);
    COLUMNS.put("dropped", l -> l.dropped);
    COLUMNS.put("answer_rate", Line::answerRate);
    COLUMNS.put("machine", l -> l.machine);
    COLUMNS.put("human", l -> l.human);
    COLUMNS.put("drops", l -> l.drops);
    COLUMNS.put("avg_talk", Line::averageTalk);
    COLUMNS.put("sales", l -> l.sales);
    COLUMNS.put("acknowledged", l -> l.acknowledged);
  }

  /** The names {@code --sort} takes: "did" and every counted column. */
  public static List<String> sortColumns() {
    List<String> names = new ArrayList<>(List.of("did"));
    names.addAll(COLUMNS.keySet());
    return names;
  }

  private final Map<String, Line> byDid = new TreeMap<>();
  private final Line none = new Line(null);

  /**
   * One finished call: {@code did} the DID it is counted against (null: none known), {@code
   * dialStatus} the carrier's, {@code amdStatus} the detector's (null: AMD did not run), {@code
   * talkSeconds} null when unknown.
   */
  public void add(
      String did,
      String dialStatus,
      String status,
      String amdStatus,
      Integer talkSeconds,
      boolean sale,
      boolean acknowledged) {
    Line l = did == null ? none : byDid.computeIfAbsent(did, Line::new);
    l.calls++;
    switch (OptimizerResult.of(dialStatus, status)) {
      case ANSWERED -> l.answered++;
      case BUSY -> l.busy++;
      case NO_ANSWER -> l.noAnswer++;
      case FAILED -> l.failed++;
      case DROPPED -> l.dropped++;
    }
    if ("MACHINE".equals(amdStatus)) {
      l.machine++;
    } else if ("HUMAN".equals(amdStatus)) {
      l.human++;
    }
    if (status != null && DROPS.contains(status)) {
      l.drops++;
    }
    if (talkSeconds != null && talkSeconds > 0) {
      l.talkSeconds += talkSeconds;
      l.talked++;
    }
    if (sale) {
      l.sales++;
    }
    if (acknowledged) {
      l.acknowledged++;
    }
  }

  /** The DIDs by {@code column} (largest first; "did" in number order), then the calls without. */
  List<Line> lines(String column) {
    List<Line> out = new ArrayList<>(byDid.values());
    if (!column.equals("did")) {
      ToDoubleFunction<Line> v = COLUMNS.get(column);
      out.sort(Comparator.comparingDouble(v).reversed().thenComparing(l -> l.did));
    }
    if (none.calls > 0) {
      out.add(none);
    }
    return out;
  }

  /** A plain table, one line per DID, the calls without a DID last. */
  public String table(String column) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "DID",
          "calls",
          "answered",
          "busy",
          "no_answer",
          "failed",
          "dropped",
          "answer_rate",
          "machine",
          "human",
          "drops",
          "avg_talk",
          "sales",
          "acknowledged"
        });
    for (Line l : lines(column)) {
      rows.add(
          new String[] {
            l.did == null ? "(no DID)" : l.did,
            Long.toString(l.calls),
            Long.toString(l.answered),
            Long.toString(l.busy),
            Long.toString(l.noAnswer),
            Long.toString(l.failed),
            Long.toString(l.dropped),
            String.format(Locale.ROOT, "%.1f%%", 100 * l.answerRate()),
            Long.toString(l.machine),
            Long.toString(l.human),
            Long.toString(l.drops),
            String.format(Locale.ROOT, "%.0f s", l.averageTalk()),
            Long.toString(l.sales),
            Long.toString(l.acknowledged)
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        String cell = i == 0 ? pad(r[i], width[i]) : " ".repeat(width[i] - r[i].length()) + r[i];
        b.append(i == 0 ? "" : "  ").append(cell);
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  /** The same as JSON: an array, {@code did} null for the calls without one. */
  public String json(String column) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Line l : lines(column)) {
      ObjectNode o = a.addObject();
      o.put("did", l.did);
      o.put("calls", l.calls);
      o.put("answered", l.answered);
      o.put("busy", l.busy);
      o.put("noAnswer", l.noAnswer);
      o.put("failed", l.failed);
      o.put("dropped", l.dropped);
      o.put("answerRate", Math.round(l.answerRate() * 10_000) / 10_000.0);
      o.put("machine", l.machine);
      o.put("human", l.human);
      o.put("drops", l.drops);
      o.put("averageTalkSeconds", Math.round(l.averageTalk() * 10) / 10.0);
      o.put("sales", l.sales);
      o.put("acknowledged", l.acknowledged);
    }
    return a.toString();
  }
}
