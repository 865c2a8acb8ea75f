package io.vicisync.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.Enrichment;
import io.vicisync.state.disk.Fingerprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A call ready to post: the JSON body and the fingerprint that says whether the receiver already
 * has it. The fingerprint covers the call as {@code vicidial_log} has it (with the customer's
 * number as phoneNumber), not the direction, DID and enrichment added to the body: a carrier row
 * that appears after the post is not worth a second post (the receiver counts every post), and
 * ledgers written before those fields existed stay valid.
 *
 * @param did the DID posted as phoneNumber; null: the customer's number was
 */
public record EncodedCall(
    CallRow row, String postedAs, CallSource source, byte[] json, long fingerprint, String did) {
  // json stays null until withBody: most calls a poll meets are already delivered, and only the
  // fingerprint is needed to know that

  public static EncodedCall of(CallRow row, String postedAs, CallSource source) {
    CallPayload p = CallPayload.of(row, postedAs);
    try {
      byte[] text = PayloadText.of(p);
      long fp =
          Fingerprints.sha256Long(text != null ? text : Json.MAPPER.writeValueAsBytes(p))
              & Long.MAX_VALUE;
      return new EncodedCall(row, postedAs, source, null, fp, null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record of strings and numbers always serialises", e);
    }
  }

  /**
   * A refused call whose row VICIdial no longer has, to post again as {@code kept}, the body the
   * receiver refused: its fields stand in for the row (the customer's number for phoneNumber, as a
   * fingerprint covers it), and the DID it carries, if it carried one, is kept.
   *
   * @param key what the ledger knows the call by (an inbound row's closecallid)
   */
  public static EncodedCall kept(String key, String postedAs, CallSource source, byte[] kept) {
    JsonNode tree;
    CallPayload p;
    try {
      tree = Json.MAPPER.readTree(kept);
      p = Json.MAPPER.treeToValue(tree, CallPayload.class);
    } catch (IOException | IllegalArgumentException e) {
      tree =
          Json.MAPPER
              .createObjectNode(); // kept as refused, unreadable: posted as it is all the same
      p = null;
    }
    if (p == null) {
      p =
          new CallPayload(
              postedAs, 0, null, null, null, null, null, null, null, null, null, null, null, null,
              null, null, null, null);
    }
    String phone = tree.path("phoneNumber").asText(null);
    String did = Did.of(tree.path("callerId").asText(null));
    CallRow row =
        new CallRow(
            key,
            p.leadId(),
            p.listId(),
            p.campaignId(),
            p.callDate(),
            p.startEpoch(),
            p.endEpoch(),
            p.duration(),
            p.disposition(),
            p.phoneCode(),
            tree.path("customerPhone").asText(phone),
            p.agentId(),
            p.comments(),
            p.userGroup(),
            p.termReason(),
            p.altDial(),
            p.calledCount(),
            key.equals(postedAs) ? null : postedAs);
    EncodedCall c = of(row, postedAs, source);
    return new EncodedCall(
        row,
        postedAs,
        source,
        kept,
        c.fingerprint(),
        did != null && did.equals(phone) ? did : null);
  }

  /**
   * The call ready to post, with what VICIdial's other tables say of it (null: nothing) and {@code
   * did} as its phoneNumber (null: the customer's number).
   */
  public EncodedCall withBody(Enrichment e, String did) {
    try {
      return new EncodedCall(
          row,
          postedAs,
          source,
          body(CallPayload.of(row, postedAs), source, e, did, row.postUniqueid()),
          fingerprint,
          did);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a record of strings and numbers always serialises", ex);
    }
  }

  private static byte[] body(
      CallPayload p, CallSource d, Enrichment e, String did, String answerUid)
      throws JsonProcessingException {
    ObjectNode n = Json.MAPPER.valueToTree(p);
    if (did != null) {
      n.put("phoneNumber", did);
    }
    n.put("callDirection", d.wire());
    // the optimizer's hang-up hook posts the dialled channel's uniqueid and this row's as
    // answerUid: with it the optimizer can join either way
    putIfSet(n, "answerUid", answerUid);
    // the national number, digits only: the optimizer takes its first three as the area code
    putIfSet(
        n,
        "customerPhone",
        p.phoneNumber() == null ? null : p.phoneNumber().replaceAll("[^0-9]", ""));
    if (e != null) {
      e.fields()
          .forEach(
              (field, value) -> {
                if (field.wire() != null) {
                  putIfSet(n, field.wire(), value);
                }
              });
    }
    n.put("source", SOURCE);
    return Json.MAPPER.writeValueAsBytes(n);
  }

  /** What the receiver records as the origin of the call results. */
  static final String SOURCE = "vicisync";

  /** Empty strings are left out like nulls: VICIdial leaves unknown text columns as "". */
  private static void putIfSet(ObjectNode n, String field, Object value) {
    if (value instanceof String s && !s.isBlank()) {
      n.put(field, s.strip());
    } else if (value instanceof Integer i) {
      n.put(field, i);
    }
  }

  /**
   * What the ledger and the in-flight guard know this call by: the uniqueid it is posted as, or for
   * an inbound row (several rows can share a uniqueid) its closecallid.
   */
  public String ledgerKey() {
    return row.callUniqueid() != null ? row.uniqueid() : postedAs;
  }

  /** The same call with {@code body} as what is posted or dead-lettered. */
  public EncodedCall withJson(byte[] body) {
    return new EncodedCall(row, postedAs, source, body, fingerprint, did);
  }

  /**
   * Unique per (uniqueid, content): a repeat of the same post carries the same key. The uniqueid is
   * percent-encoded (as UTF-8) outside {@code [A-Za-z0-9._-]}, so that any value VICIdial holds, a
   * control character or a latin1 table's euro sign, makes a valid header; a plain Asterisk
   * uniqueid reads as it always did.
   */
  public String idempotencyKey() {
    return idempotencyKey(postedAs, fingerprint);
  }

  /** The key of a post of {@code postedAs} with content {@code fingerprint}. */
  public static String idempotencyKey(String postedAs, long fingerprint) {
    StringBuilder b = new StringBuilder(postedAs.length() + 17);
    for (byte x : postedAs.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-') {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.append(':').append(String.format("%016x", fingerprint)).toString();
  }
}
