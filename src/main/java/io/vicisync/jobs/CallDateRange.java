package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.source.CallDates;
import io.vicisync.source.ScanRange;
import io.vicisync.source.jdbc.VicidialSource;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * A range of {@code call_date} as an administrator types it: {@code --since} (and {@code --until},
 * exclusive) in the VICIdial server's local time, or the last {@code --minutes}. Validated here;
 * resolved against the database's clock, never this JVM's.
 */
public record CallDateRange(String since, String until, Integer minutes) {
  private static final Pattern TYPED =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})?");
  private static final DateTimeFormatter STRICT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  public CallDateRange {
    if ((since == null) == (minutes == null)) {
      throw usage(
          "give either --since \"YYYY-MM-DD HH:MM\" (with --until if you like) or"
              + " --minutes N");
    }
    if (minutes != null && until != null) {
      throw usage("--until goes with --since, not with --minutes");
    }
    if (minutes != null && minutes <= 0) {
      throw usage("--minutes " + minutes + ": give a positive number of minutes");
    }
    since = since == null ? null : normalize("--since", since);
    until = until == null ? null : normalize("--until", until);
    if (since != null && until != null && until.compareTo(since) <= 0) {
      throw usage("--until " + until + " is not after --since " + since);
    }
  }

  /** The range as typed, normalized: a re-run with the same text resumes the same work. */
  public String text() {
    return minutes != null
        ? "--minutes " + minutes
        : "--since '" + since + "'" + (until == null ? "" : " --until '" + until + "'");
  }

  public ScanRange resolve(VicidialSource source) {
    long now = source.nowEpoch();
    String nowLocal = source.scanRange(now, now).upperLocal();
    if (minutes != null) {
      return new ScanRange(source.scanRange(now - minutes * 60L, now).lowerLocal(), nowLocal, 0);
    }
    String upper = until == null ? nowLocal : CallDates.plusSeconds(until, -1);
    return new ScanRange(since, upper, 0);
  }

  private static String normalize(String flag, String typed) {
    String t = typed.strip().replace('T', ' ');
    if (!TYPED.matcher(t).matches()) {
      throw usage(
          flag
              + " '"
              + typed
              + "': write the VICIdial server's local time as"
              + " \"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD HH:MM:SS\"");
    }
    String full = t.length() == 16 ? t + ":00" : t;
    try {
      LocalDateTime.parse(full, STRICT);
    } catch (DateTimeParseException e) {
      throw usage(flag + " '" + typed + "' is not a real date and time");
    }
    return full;
  }

  private static VicisyncException usage(String msg) {
    return new VicisyncException(ExitCode.USAGE, msg);
  }
}
