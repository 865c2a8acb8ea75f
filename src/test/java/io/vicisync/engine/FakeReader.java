package io.vicisync.engine;

import io.vicisync.source.CallReader;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallTable;
import io.vicisync.source.KeysetCriteria;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanRange;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * VICIdial's tables in memory, answering as {@code VicidialSource} does: keyset order on
 * (call_date, id), local time in UTC. A test moves the clock and edits rows between runs.
 */
final class FakeReader implements CallReader {
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Map<CallTable, List<CallRow>> tables = new EnumMap<>(CallTable.class);
  private final Set<CallTable> present = new HashSet<>();
  long now;
  int queries;

  /** Rows the keyset walk returned, as a poll's cost. */
  long rowsRead;

  FakeReader(long now) {
    this.now = now;
    present.add(CallTable.LOG);
    present.add(CallTable.CLOSER);
  }

  static String local(long epoch) {
    return LOCAL.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(epoch), ZoneOffset.UTC));
  }

  /** An outbound call that started at {@code start} and ended {@code length} s later. */
  static CallRow call(String id, long start, int length, String status) {
    return new CallRow(
        id,
        100,
        1001L,
        "CAMP1",
        local(start),
        start,
        start + length,
        length,
        status,
        "1",
        "5551230000",
        "agent",
        null,
        "AGENTS",
        "CALLER",
        "MAIN",
        1,
        null);
  }

  /** {@code r} with its disposition changed, as the agent screen's UPDATE leaves it. */
  static CallRow withStatus(CallRow r, String status) {
    return new CallRow(
        r.uniqueid(),
        r.leadId(),
        r.listId(),
        r.campaignId(),
        r.callDate(),
        r.startEpoch(),
        r.endEpoch(),
        r.lengthInSec(),
        status,
        r.phoneCode(),
        r.phoneNumber(),
        r.user(),
        r.comments(),
        r.userGroup(),
        r.termReason(),
        r.altDial(),
        r.calledCount(),
        r.callUniqueid());
  }

  FakeReader add(CallTable t, CallRow... rows) {
    present.add(t);
    tables.computeIfAbsent(t, k -> new ArrayList<>()).addAll(List.of(rows));
    return this;
  }

  FakeReader add(CallRow... rows) {
    return add(CallTable.LOG, rows);
  }

  /** Deletes the row with this id, as VICIdial's archiver's wipe would. */
  void delete(String uniqueid) {
    tables.values().forEach(rows -> rows.removeIf(r -> r.uniqueid().equals(uniqueid)));
  }

  /** Replaces the row with the same id, as an UPDATE would. */
  void update(CallRow row) {
    for (List<CallRow> rows : tables.values()) {
      rows.replaceAll(r -> r.uniqueid().equals(row.uniqueid()) ? row : r);
    }
  }

  @Override
  public long nowEpoch() {
    return now;
  }

  @Override
  public long epochOf(String local) {
    return LocalDateTime.parse(local, LOCAL).toEpochSecond(ZoneOffset.UTC);
  }

  @Override
  public ScanRange scanRange(long fromEpoch, long toEpoch) {
    return new ScanRange(local(fromEpoch), local(toEpoch), toEpoch);
  }

  @Override
  public List<CallRow> readAfter(KeysetCriteria criteria, int limit) {
    CallTable table = criteria.table();
    ScanKey after = criteria.after();
    String lower = criteria.lower();
    String upper = criteria.upper();
    queries++;
    Comparator<CallRow> order =
        Comparator.comparing(CallRow::callDate).thenComparing(CallRow::uniqueid);
    List<CallRow> rows =
        tables.getOrDefault(table, List.of()).stream()
            .filter(r -> r.callDate().compareTo(upper) <= 0)
            .filter(
                r ->
                    after == null
                        ? r.callDate().compareTo(lower) >= 0
                        : after.uniqueid() == null
                            ? r.callDate().compareTo(after.callDate()) > 0
                            : r.callDate().compareTo(after.callDate()) > 0
                                || (r.callDate().equals(after.callDate())
                                    && r.uniqueid().compareTo(after.uniqueid()) > 0))
            .sorted(order)
            .limit(limit)
            .toList();
    rowsRead += rows.size();
    return rows;
  }

  @Override
  public long count(CallTable table, String lower, String upper) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(r -> r.callDate().compareTo(lower) >= 0 && r.callDate().compareTo(upper) <= 0)
        .count();
  }

  @Override
  public boolean exists(CallTable table) {
    return present.contains(table);
  }

  @Override
  public List<CallRow> legs(CallTable table, Collection<String> callUniqueids) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(r -> callUniqueids.contains(r.postUniqueid()))
        .toList();
  }

  @Override
  public List<CallRow> readUndated(CallTable table, String afterId, int limit) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(r -> r.callDate() == null || r.callDate().compareTo("1971-01-01 00:00:00") < 0)
        .filter(r -> r.ended() && (afterId == null || r.uniqueid().compareTo(afterId) > 0))
        .sorted(Comparator.comparing(CallRow::uniqueid))
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<String> oldest(CallTable table) {
    return tables.getOrDefault(table, List.of()).stream()
        .map(CallRow::callDate)
        .filter(Objects::nonNull)
        .min(String::compareTo);
  }

  @Override
  public Map<String, CallRow> findByUniqueid(CallTable table, Collection<String> ids) {
    Map<String, CallRow> m = new LinkedHashMap<>();
    tables.getOrDefault(table, List.of()).stream()
        .filter(r -> ids.contains(r.uniqueid()))
        .forEach(r -> m.put(r.uniqueid(), r));
    return m;
  }

  @Override
  public List<CallRow> findByLead(CallTable table, long leadId, String callDate) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(r -> r.leadId() == leadId && r.callDate().equals(callDate))
        .toList();
  }

  /** What agents chose, by row id: the agent log's status for calls still in wrap-up. */
  final Map<String, String> agentChose = new HashMap<>();

  int agentLogReads;

  @Override
  public Map<String, String> agentDispositions(List<CallRow> inWrapup) {
    agentLogReads++;
    Map<String, String> out = new HashMap<>();
    for (CallRow r : inWrapup) {
      if (agentChose.containsKey(r.uniqueid())) {
        out.put(r.uniqueid(), agentChose.get(r.uniqueid()));
      }
    }
    return out;
  }
}
