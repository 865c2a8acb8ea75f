package io.vicisync.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A kind of call vicisync sends, and all that differs between kinds: the VICIdial tables it is read
 * from, what the receiver is told of its direction, the names of its state files, and whether the
 * old Perl script's checkpoint and the dialing enrichment apply to it.
 */
public enum CallSource {
  /** Calls the dialer placed: vicidial_log, archived to vicidial_log_archive. */
  OUTBOUND("outbound", CallTable.LOG, CallTable.ARCHIVE, ""),
  /**
   * Inbound and transferred calls: vicidial_closer_log, archived to vicidial_closer_log_archive;
   * one row per in-group a call reached.
   */
  INBOUND("inbound", CallTable.CLOSER, CallTable.CLOSER_ARCHIVE, "-inbound");

  private final String wire;
  private final CallTable table;
  private final CallTable archive;
  private final String stateSuffix;

  CallSource(String wire, CallTable table, CallTable archive, String stateSuffix) {
    this.wire = wire;
    this.table = table;
    this.archive = archive;
    this.stateSuffix = stateSuffix;
  }

  /** The sources a setting of outbound, inbound or both names, outbound first. */
  public static List<CallSource> of(boolean outbound, boolean inbound) {
    List<CallSource> l = new ArrayList<>();
    if (outbound) {
      l.add(OUTBOUND);
    }
    if (inbound) {
      l.add(INBOUND);
    }
    return l;
  }

  /**
   * The name status, check and the metrics know it by; also the receiver's {@code callDirection}.
   */
  public String wire() {
    return wire;
  }

  /** Where its live calls are. */
  public CallTable table() {
    return table;
  }

  /** Where VICIdial's archiver moves its old calls (the table exists once the archiver ran). */
  public CallTable archive() {
    return archive;
  }

  /** Outbound keeps the state names it always had; inbound's are its own. */
  public String stateSuffix() {
    return stateSuffix;
  }

  /** How a line of output names it: nothing for outbound, the common case. */
  public String label() {
    return this == OUTBOUND ? "" : " (" + wire + ")";
  }

  /** process-call-results.pl, whose position a first run may take over, read vicidial_log only. */
  public boolean hadLegacyScript() {
    return this == OUTBOUND;
  }

  /**
   * Whether the dial and carrier logs know these calls: only outbound calls were dialed with a
   * caller ID of ours. (Every source is looked up in vicidial_list and vicidial_agent_log.)
   */
  public boolean enriched() {
    return this == OUTBOUND;
  }
}
