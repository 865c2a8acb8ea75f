package io.vicisync.source;

import io.vicisync.config.SyncSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A kind of call vicisync sends, and all that differs between kinds, as data: the VICIdial tables
 * it is read from, what the receiver is told of its direction, the names of its state files, and
 * what VICIdial does with its rows. Code asks these properties, never which source it is.
 */
public enum CallSource {
  /** Calls the dialer placed: vicidial_log, archived to vicidial_log_archive. */
  OUTBOUND("outbound", CallTable.LOG, CallTable.ARCHIVE, "", true, true, false),
  /**
   * Inbound and transferred calls: vicidial_closer_log, archived to vicidial_closer_log_archive;
   * one row per in-group a call reached.
   */
  INBOUND("inbound", CallTable.CLOSER, CallTable.CLOSER_ARCHIVE, "-inbound", false, false, true);

  private final String wire;
  private final CallTable table;
  private final CallTable archive;
  private final String stateSuffix;
  private final boolean dialed;
  private final boolean firstVersion;
  private final boolean legs;

  CallSource(
      String wire,
      CallTable table,
      CallTable archive,
      String stateSuffix,
      boolean dialed,
      boolean firstVersion,
      boolean legs) {
    this.wire = wire;
    this.table = table;
    this.archive = archive;
    this.stateSuffix = stateSuffix;
    this.dialed = dialed;
    this.firstVersion = firstVersion;
    this.legs = legs;
  }

  /** The sources {@code [sync] source} names, in this order. */
  public static List<CallSource> of(SyncSettings.Sources chosen) {
    return Arrays.stream(values())
        .filter(s -> s.dialed ? chosen.outbound() : chosen.inbound())
        .toList();
  }

  /** The source a state file or a status line names by {@link #wire}; empty for another name. */
  public static Optional<CallSource> byWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst();
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

  /** The first version's source keeps the state names it always had; the others' are their own. */
  public String stateSuffix() {
    return stateSuffix;
  }

  /** How a line of output names it: nothing for the first version's source, the common case. */
  public String label() {
    return firstVersion ? "" : " (" + wire + ")";
  }

  /** How a suggested command selects it: nothing for the first version's source. */
  public String option() {
    return firstVersion ? "" : " --source " + wire;
  }

  /** process-call-results.pl, whose position a first run may take over, read vicidial_log only. */
  public boolean hadLegacyScript() {
    return firstVersion;
  }

  /**
   * Whether the dialer placed these calls with a caller ID of ours: the dial and carrier logs know
   * them, and a manual dial's hang-up may give one a new uniqueid (found again by its lead). Every
   * source is looked up in vicidial_list and vicidial_agent_log.
   */
  public boolean enriched() {
    return dialed;
  }

  /** See {@link #enriched}: VICIdial rewrites a manual dial's uniqueid at hang-up. */
  public boolean rewritesUniqueids() {
    return dialed;
  }

  /**
   * Whether one call may have several rows here (one per in-group it reached): it is posted once,
   * as its last leg, and a call placed by a {@link #enriched dialed} source and transferred here is
   * posted from here.
   */
  public boolean legs() {
    return legs;
  }

  /** The sources whose calls may be transferred into this one: none unless it has legs. */
  public List<CallSource> transferredFrom() {
    return legs ? Arrays.stream(values()).filter(s -> s.dialed).toList() : List.of();
  }

  /** The source whose table holds the legs of calls, where the legs of a dialed call are found. */
  public static CallSource ofLegs() {
    return Arrays.stream(values()).filter(s -> s.legs).findFirst().orElseThrow();
  }
}
