package io.vicisync.source;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Arithmetic on {@code call_date} text ({@code YYYY-MM-DD HH:MM:SS}, VICIdial server local time) as
 * a wall clock reads it: no time zone is involved, so a DST hour is neither added nor lost.
 * Fixed-width text orders like the times it names.
 */
public final class CallDates {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private CallDates() {}

  public static String plusSeconds(String local, long seconds) {
    return LocalDateTime.parse(local, FORMAT).plusSeconds(seconds).format(FORMAT);
  }
}
