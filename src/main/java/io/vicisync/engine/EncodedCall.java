package io.vicisync.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.source.CallRow;
import io.vicisync.state.Fingerprints;

/**
 * A call ready to post: its JSON and the fingerprint of exactly those bytes, so "unchanged" means
 * the receiver would get the very same body again.
 */
public record EncodedCall(CallRow row, String postedAs, byte[] json, long fingerprint) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static EncodedCall of(CallRow row, String postedAs) {
    try {
      byte[] json = JSON.writeValueAsBytes(CallPayload.of(row, postedAs));
      return new EncodedCall(row, postedAs, json, Fingerprints.sha256Long(json) & Long.MAX_VALUE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record of strings and numbers always serialises", e);
    }
  }

  /** Unique per (uniqueid, content): a repeat of the same post carries the same key. */
  public String idempotencyKey() {
    return postedAs + ":" + String.format("%016x", fingerprint);
  }
}
