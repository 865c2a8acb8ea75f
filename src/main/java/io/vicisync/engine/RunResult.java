package io.vicisync.engine;

import io.vicisync.ExitCode;

/**
 * How a run ended.
 *
 * @param error the one-line reason when {@code exit} is not OK or DEAD_LETTERED, else null
 * @param lagSeconds DB now minus the newest end_epoch ever acknowledged; -1 when none yet
 * @param newestDeliveredEnd that end_epoch; 0 when none yet
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
    boolean caughtUp) {}
