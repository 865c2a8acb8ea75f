package io.vicisync.engine;

import io.vicisync.ExitCode;

/**
 * How a run ended.
 *
 * @param error the one-line reason when {@code exit} is not OK or DEAD_LETTERED, else null
 * @param lagSeconds DB now minus the newest end_epoch ever acknowledged; -1 when none yet
 * @param newestDeliveredEnd that end_epoch; 0 when none yet
 * @param nextSettleSeconds in how many seconds the first call seen still settling may be sent; -1
 *     when none was seen (a resident process polls again then, not an interval later)
 */
public record RunResult(
    ExitCode exit,
    String error,
    RunCounts counts,
    int held,
    int watching,
    int retries,
    String cursorBefore,
    String cursorAfter,
    long lagSeconds,
    long newestDeliveredEnd,
    boolean caughtUp,
    long nextSettleSeconds) {}
