package io.vicisync.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The VICIdial tables calls are read from. All have the columns of {@code vicidial_log} and an
 * index on {@code call_date}; the names are fixed here because they go into SQL text.
 */
public enum CallTable {
  /** Outbound calls, as the dialer writes them. */
  LOG("vicidial_log", "uniqueid", "NULL"),
  /** Old rows moved by VICIdial's ADMIN_archive_log_tables.pl (same columns). */
  ARCHIVE("vicidial_log_archive", "uniqueid", "NULL"),
  /**
   * Inbound and transferred calls. A call that reaches several in-groups has a row in each with the
   * same uniqueid, so a row is known by its {@code closecallid}.
   */
  CLOSER("vicidial_closer_log", "closecallid", "uniqueid"),
  /** Old rows of vicidial_closer_log, moved by the same archiver (same columns). */
  CLOSER_ARCHIVE("vicidial_closer_log_archive", "closecallid", "uniqueid");

  private final String sqlName;
  private final String idColumn;
  private final String callUniqueidColumn;

  CallTable(String sqlName, String idColumn, String callUniqueidColumn) {
    this.sqlName = sqlName;
    this.idColumn = idColumn;
    this.callUniqueidColumn = callUniqueidColumn;
  }

  /** The columns of vicidial_log every call table has, in {@link CallRow}'s order. */
  private static final List<String> SHARED =
      List.of(
          "lead_id",
          "list_id",
          "campaign_id",
          "call_date",
          "start_epoch",
          "end_epoch",
          "length_in_sec",
          "status",
          "phone_code",
          "phone_number",
          "user",
          "comments",
          "user_group",
          "term_reason",
          "alt_dial",
          "called_count");

  /**
   * The columns a {@link CallRow} is read from, in its components' order: the row's id, the shared
   * ones ({@code alt_dial} where the table has it, else null in its place), the call's uniqueid
   * where it is not the id (else null): the one list the reader selects and doctor checks.
   */
  public List<Optional<String>> columns() {
    List<Optional<String>> c = new ArrayList<>();
    c.add(Optional.of(idColumn));
    for (String col : SHARED) {
      c.add(col.equals("alt_dial") && !hasAltDial() ? Optional.empty() : Optional.of(col));
    }
    c.add(callUniqueidColumn.equals("NULL") ? Optional.empty() : Optional.of(callUniqueidColumn));
    return c;
  }

  /** The column that identifies a row: the scan's tie-breaker and the watch list's key. */
  public String idColumn() {
    return idColumn;
  }

  /** The call's uniqueid when it is not the row's id (vicidial_closer_log); else SQL NULL. */
  String callUniqueidColumn() {
    return callUniqueidColumn;
  }

  /** vicidial_closer_log has no alt_dial: an inbound call is not dialed to an alternate number. */
  boolean hasAltDial() {
    return this == LOG || this == ARCHIVE;
  }

  public String sqlName() {
    return sqlName;
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
