package io.vicisync.source;

/**
 * A position in the scan order {@code (call_date, uniqueid)}. A null {@code uniqueid} means the
 * whole of {@code callDate}'s second has been read. Keys are only ever compared by the database, in
 * its own collation, never in Java.
 */
public record ScanKey(String callDate, String uniqueid) {
  public static ScanKey wholeSecond(String callDate) {
    return new ScanKey(callDate, null);
  }
}
