package io.vicisync.source;

/**
 * The VICIdial tables calls are read from. All have the columns of {@code vicidial_log} and an
 * index on {@code call_date}; the names are fixed here because they go into SQL text.
 */
public enum CallTable {
  /** Outbound calls, as the dialer writes them. */
  LOG("vicidial_log"),
  /** Old rows moved by VICIdial's ADMIN_archive_log_tables.pl (same columns). */
  ARCHIVE("vicidial_log_archive");

  private final String sqlName;

  CallTable(String sqlName) {
    this.sqlName = sqlName;
  }

  public String sqlName() {
    return sqlName;
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
