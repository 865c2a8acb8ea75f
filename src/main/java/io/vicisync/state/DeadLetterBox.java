package io.vicisync.state;

/**
 * Where the calls the receiver refused for good are kept, with the body it refused, until an
 * administrator replays or purges them. {@code disk.DeadLetters} keeps them on disk.
 */
public interface DeadLetterBox {
  /**
   * Keeps a refused call.
   *
   * @param source the call source's wire name
   * @param key what the ledger knows the call by
   * @param uniqueid what it was posted as
   */
  void add(
      long atEpoch,
      String source,
      String key,
      String uniqueid,
      int status,
      String answer,
      byte[] json);
}
