package io.vicisync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How the sync behaves. Durations are whole seconds because they are compared with VICIdial's
 * second-resolution epochs.
 *
 * @param settle a call is read once its end_epoch is this old
 * @param holdStatuses statuses that are not a disposition yet (INCALL, DISPO…: docs/VICIDIAL.md)
 * @param holdMax how long after end_epoch a held call waits for its disposition
 * @param overlap how far behind the cursor each poll looks again, for rows that become visible late
 * @param watch how long calls sent with a non-final status are looked up again by primary key
 * @param enrich add what VICIdial's other tables know of each call (caller ID, carrier, AMD,
 *     customer location, talk time)
 * @param phoneNumber what the body's phoneNumber carries
 * @param resend whether a call that changed after it was delivered is posted again
 * @param legacyCheckpoint process-call-results.pl's checkpoint, taken over by a first run; null:
 *     none
 * @param interval how long {@code follow} sleeps between polls
 * @param maxBackoff the longest {@code follow} waits between attempts while something fails
 * @param metricsFile where a run writes Prometheus metrics (node_exporter's textfile collector);
 *     null: nowhere
 * @param instance which of this host's dialers: its metrics' {@code vicisync_instance} label
 */
public record SyncSettings(
    Duration settle,
    Set<String> holdStatuses,
    Duration holdMax,
    Duration overlap,
    Duration watch,
    int batchSize,
    int maxInFlight,
    double maxRate,
    Duration maxRunTime,
    Duration interval,
    Duration maxBackoff,
    Duration initialLookback,
    boolean privacyMode,
    int ledgerDays,
    Path stateDir,
    Path logFile,
    Path legacyCheckpoint,
    boolean enrich,
    PhoneNumber phoneNumber,
    Resend resend,
    Sources sources,
    Path metricsFile,
    Instance instance) {

  /** What the body's phoneNumber carries. */
  public enum PhoneNumber {
    /** The caller ID VICIdial presented, where known: what the DID Optimizer counts a DID by. */
    DID,
    /** The customer's number, as the first version sent it. */
    CUSTOMER
  }

  /** Whether a call whose row changed after it was delivered is posted again. */
  public enum Resend {
    /** Never: the DID Optimizer stores every post as another call. */
    NEVER,
    /** Once per change: for a receiver that updates a call by its uniqueid. */
    CHANGES
  }

  /** Which VICIdial call logs are read: vicidial_log, vicidial_closer_log, or both. */
  public enum Sources {
    OUTBOUND,
    INBOUND,
    BOTH;

    public boolean outbound() {
      return this != INBOUND;
    }

    public boolean inbound() {
      return this != OUTBOUND;
    }
  }
}
