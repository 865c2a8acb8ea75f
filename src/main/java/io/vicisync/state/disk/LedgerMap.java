package io.vicisync.state.disk;

/**
 * An open-addressing map from a 64-bit uniqueid hash to the last fingerprint sent for it and when.
 * Primitive arrays keep a few hundred thousand calls in a few megabytes, so a busy dialer's recent
 * ledger fits in a 64 MB heap.
 */
final class LedgerMap {
  private static final long EMPTY = 0L;
  private long[] keys;
  private long[] fingerprints;
  private int[] sentAt;
  private int size;

  LedgerMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[cap];
    fingerprints = new long[cap];
    sentAt = new int[cap];
  }

  int size() {
    return size;
  }

  /** Where {@code key} is held, or -1 when absent. */
  int find(long key) {
    key = nonZero(key);
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return i;
      }
      if (keys[i] == EMPTY) {
        return -1;
      }
    }
  }

  /** The stored fingerprint word (dead-letter bit included) at a place {@link #find} gave. */
  long word(int at) {
    return fingerprints[at];
  }

  /** The stored sent_at word (flags included) at a place {@link #find} gave. */
  int sentAt(int at) {
    return sentAt[at];
  }

  void put(long key, long fingerprint, int sentAtEpoch) {
    key = nonZero(key);
    if ((size + 1) * 10L > keys.length * 6L) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == EMPTY || keys[i] == key) {
        if (keys[i] == EMPTY) {
          size++;
        }
        keys[i] = key;
        fingerprints[i] = fingerprint;
        sentAt[i] = sentAtEpoch;
        return;
      }
    }
  }

  private void grow() {
    long[] k = keys;
    long[] f = fingerprints;
    int[] s = sentAt;
    // allocate all three before switching, so running out of memory leaves the map as it was
    long[] nk = new long[k.length * 2];
    long[] nf = new long[k.length * 2];
    int[] ns = new int[k.length * 2];
    keys = nk;
    fingerprints = nf;
    sentAt = ns;
    size = 0;
    for (int i = 0; i < k.length; i++) {
      if (k[i] != EMPTY) {
        put(k[i], f[i], s[i]);
      }
    }
  }

  private static long nonZero(long key) {
    return key == EMPTY ? 1L : key;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public String toString() {
    return "LedgerMap[" + size + " of " + keys.length + "]";
  }
}
