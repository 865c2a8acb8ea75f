package io.vicisync.wire;

import java.util.Locale;
import java.util.Set;

/**
 * What the DID Optimizer counts a call as, by its own rule (server-full.js, POST
 * /api/v1/call-results): from {@code dialStatus} when the body has one, else from the disposition.
 * Its per-DID counters are made of these five.
 */
public enum OptimizerResult {
  ANSWERED,
  BUSY,
  NO_ANSWER,
  FAILED,
  DROPPED;

  private static final Set<String> NO_ANSWER_DISPOSITIONS =
      Set.of("DNC", "B", "CB", "NA", "NO", "N", "NI");

  /** The result the optimizer records for a body with this dialStatus (or null) and disposition. */
  public static OptimizerResult of(String dialStatus, String disposition) {
    if (dialStatus != null && !dialStatus.isBlank()) {
      return switch (dialStatus.toUpperCase(Locale.ROOT)) {
        case "ANSWER" -> ANSWERED;
        case "BUSY" -> BUSY;
        case "CONGESTION", "CHANUNAVAIL" -> FAILED;
        default -> NO_ANSWER; // NOANSWER, NO ANSWER, CANCEL and anything else
      };
    }
    String d = disposition == null ? "" : disposition;
    if (d.equals("SALE") || d.equals("A")) {
      return ANSWERED;
    }
    if (NO_ANSWER_DISPOSITIONS.contains(d)) {
      return NO_ANSWER;
    }
    if (d.equals("BUSY")) {
      return BUSY;
    }
    if (d.equals("DROP") || d.equals("AMD")) {
      return DROPPED;
    }
    return FAILED;
  }
}
