package io.vicisync.log;

/** Keeps customer numbers out of logs when dids.conf says {@code privacy_mode = 1}. */
public final class Privacy {
  private final boolean on;

  public Privacy(boolean on) {
    this.on = on;
  }

  /** All but the last four digits starred: enough to tell calls apart, not to dial them. */
  public String phone(String number) {
    if (number == null || number.isEmpty()) {
      return "-";
    }
    if (!on) {
      return number;
    }
    int keep = Math.min(4, number.length() / 2);
    return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
  }
}
