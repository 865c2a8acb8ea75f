package io.vicisync.state.disk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 folded to 64 bits: the ledger's uniqueid key and the fingerprint of a call's content. */
public final class Fingerprints {
  // a poll fingerprints thousands of rows; looking the provider up for each was a tenth of its CPU
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private Fingerprints() {}

  public static long sha256Long(byte[] bytes) {
    return sha256Long(bytes, bytes.length);
  }

  /** The same over the first {@code length} bytes. */
  public static long sha256Long(byte[] bytes, int length) {
    MessageDigest md = SHA256.get();
    md.update(bytes, 0, length);
    byte[] d = md.digest();
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xFF);
    }
    return v;
  }
}
