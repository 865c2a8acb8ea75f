package io.vicisync.wire;

/**
 * The DID a call was placed from, as the DID Optimizer matches it. VICIdial stores the caller ID it
 * presented in {@code vicidial_dial_log.outbound_cid} as {@code "name" <number>} (or a bare
 * number); the optimizer strips non-digits and counts the call against the DID whose stored number
 * ends with what remains, if 10 digits or more remain. So the number inside {@code <…>} is sent as
 * digits, and a North American number written with its leading 1 as its 10-digit national number,
 * which matches the DID however the optimizer stored it.
 */
public final class Did {
  private Did() {}

  /** The DID in {@code callerId}; null when there is none the optimizer could match. */
  public static String of(String callerId) {
    if (callerId == null) {
      return null;
    }
    String number = callerId;
    int open = callerId.lastIndexOf('<');
    if (open >= 0) {
      int close = callerId.indexOf('>', open);
      number = callerId.substring(open + 1, close < 0 ? callerId.length() : close);
    }
    StringBuilder digits = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    String d = digits.toString();
    if (d.length() == 11 && d.charAt(0) == '1') {
      d = d.substring(1);
    }
    // fewer digits match no DID, more are no phone number (E.164: 15 at most); VICIdial's
    // placeholder caller ID is all zeros
    if (d.length() < 10 || d.length() > 15 || d.chars().allMatch(c -> c == '0')) {
      return null;
    }
    return d;
  }
}
