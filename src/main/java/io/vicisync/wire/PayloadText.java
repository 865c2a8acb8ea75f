package io.vicisync.wire;

import java.nio.charset.StandardCharsets;

/**
 * The compact JSON of a {@link CallPayload}, byte for byte what Jackson writes, without Jackson: a
 * poll re-reads thousands of delivered rows and fingerprints each, and on a JVM that lives for one
 * second Jackson's per-call machinery is a large part of cron's minute. Strings that need more than
 * the two escapes handled here (control characters, anything outside ASCII) return null, and the
 * caller asks Jackson; the ledger's fingerprints depend on the bytes being the same either way.
 */
final class PayloadText {
  private PayloadText() {}

  static byte[] of(CallPayload p) {
    StringBuilder b = new StringBuilder(400);
    b.append('{');
    if (!str(b, "uniqueid", p.uniqueid(), true)) {
      return null;
    }
    num(b, "leadId", p.leadId());
    num(b, "listId", p.listId());
    boolean ok =
        str(b, "campaignId", p.campaignId(), false)
            && str(b, "phoneNumber", p.phoneNumber(), false)
            && str(b, "phoneCode", p.phoneCode(), false)
            && str(b, "disposition", p.disposition(), false);
    if (!ok) {
      return null;
    }
    num(b, "duration", p.duration());
    ok =
        str(b, "agentId", p.agentId(), false)
            && str(b, "userGroup", p.userGroup(), false)
            && str(b, "termReason", p.termReason(), false)
            && str(b, "comments", p.comments(), false)
            && str(b, "altDial", p.altDial(), false);
    if (!ok) {
      return null;
    }
    num(b, "calledCount", p.calledCount());
    if (!str(b, "callDate", p.callDate(), false)) {
      return null;
    }
    num(b, "startEpoch", p.startEpoch());
    num(b, "endEpoch", p.endEpoch());
    num(b, "timestamp", p.timestamp());
    b.append('}');
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void name(StringBuilder b, String name, boolean first) {
    if (!first) {
      b.append(',');
    }
    b.append('"').append(name).append("\":");
  }

  private static void num(StringBuilder b, String name, Object value) {
    name(b, name, false);
    b.append(value == null ? "null" : value.toString());
  }

  /** False when {@code value} holds a character only Jackson should escape. */
  private static boolean str(StringBuilder b, String name, String value, boolean first) {
    name(b, name, first);
    if (value == null) {
      b.append("null");
      return true;
    }
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    b.append('"');
    return true;
  }
}
