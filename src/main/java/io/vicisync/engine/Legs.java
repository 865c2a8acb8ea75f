package io.vicisync.engine;

import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.wire.EncodedCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows that share a uniqueid are one call to the receiver, which stores every post as a call: a
 * call that went through two in-groups has a closer-log row for each, and an outbound call
 * transferred to an in-group has its vicidial_log row and a closer-log row. The call is posted
 * once, as its last leg (its disposition, length and agent); the inbound post takes the outbound
 * leg's caller ID through enrichment, which looks it up by the call's uniqueid.
 */
final class Legs {
  private Legs() {}

  /**
   * @param post the calls to post
   * @param merged legs of a call whose last leg is posted instead (or, for an outbound row, by the
   *     inbound source)
   * @param alsoKnownAs for a call to post, the other ledger keys the receiver may hold it under
   */
  record Sorted(
      List<EncodedCall> post, List<EncodedCall> merged, Map<String, List<String>> alsoKnownAs) {}

  /** Orders the legs in time: the last one carries the call's final disposition. */
  private static final Comparator<CallRow> IN_TIME =
      Comparator.comparing((CallRow r) -> r.callDate() == null ? "" : r.callDate())
          .thenComparingLong(Legs::idNumber);

  static Sorted sort(RunContext ctx, List<EncodedCall> ready) {
    boolean inbound = ctx.source().legs();
    boolean outboundDefers =
        !inbound && CallSource.of(ctx.settings().sources()).contains(CallSource.ofLegs());
    if (ready.isEmpty() || (!inbound && !outboundDefers)) {
      return new Sorted(ready, List.of(), Map.of());
    }
    Set<String> calls = new LinkedHashSet<>();
    ready.forEach(c -> calls.add(c.row().postUniqueid()));
    Map<String, List<CallRow>> legsOf = new HashMap<>();
    for (CallRow leg : ctx.reader().legs(CallSource.ofLegs().table(), calls)) {
      legsOf.computeIfAbsent(leg.postUniqueid(), k -> new ArrayList<>()).add(leg);
    }
    List<EncodedCall> post = new ArrayList<>();
    List<EncodedCall> merged = new ArrayList<>();
    Map<String, List<String>> aka = new HashMap<>();
    for (EncodedCall c : ready) {
      List<CallRow> legs = legsOf.getOrDefault(c.row().postUniqueid(), List.of());
      if (outboundDefers) {
        (legs.isEmpty() ? post : merged).add(c);
        continue;
      }
      CallRow last = legs.stream().max(IN_TIME).orElse(c.row());
      if (!last.uniqueid().equals(c.row().uniqueid()) && IN_TIME.compare(last, c.row()) > 0) {
        merged.add(c);
        continue;
      }
      List<String> others = new ArrayList<>();
      legs.stream()
          .map(CallRow::uniqueid)
          .filter(id -> !id.equals(c.row().uniqueid()))
          .forEach(others::add);
      others.add(c.row().postUniqueid()); // the outbound leg, in the outbound ledger
      aka.put(c.ledgerKey(), others);
      post.add(c);
    }
    return new Sorted(post, merged, aka);
  }

  private static long idNumber(CallRow r) {
    try {
      return Long.parseLong(r.uniqueid());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
