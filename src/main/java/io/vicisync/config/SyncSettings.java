package io.vicisync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How the sync behaves. Durations are whole seconds because they are compared with VICIdial's
 * second-resolution epochs.
 *
 * @param settle a call is read once its end_epoch is this old
 * @param holdStatuses statuses that are not a disposition yet (QUEUE, INCALL)
 * @param holdMax how long after end_epoch a held call waits for its disposition
 * @param overlap how far behind the cursor each poll looks again, for rows that become visible late
 * @param watch how long calls sent with a non-final status are looked up again by primary key
 * @param legacyCheckpoint process-call-results.pl's checkpoint, taken over by a first run; null:
 *     none
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
    Duration initialLookback,
    boolean privacyMode,
    int ledgerDays,
    Path stateDir,
    Path logFile,
    Path legacyCheckpoint) {}
