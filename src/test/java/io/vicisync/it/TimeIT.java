package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** call_date is VICIdial's local time; the clocks and zones around it must not lose calls. */
class TimeIT extends ViciTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @BeforeEach
  void loadNewYork() throws Exception {
    TimeZones.load("America/New_York");
  }

  static String newYork(long epoch) {
    return LocalDateTime.ofInstant(Instant.ofEpochSecond(epoch), NEW_YORK).format(LOCAL);
  }

  /**
   * Cron every two minutes across 2026-11-01 02:00 EDT → 01:00 EST, on the database's clock. The
   * call_dates of 01:00-01:59 occur twice; with a one-minute overlap, a cursor kept as local time
   * would fall an hour ahead of the calls at the change and lose them.
   */
  @Test
  void noCallIsLostOrDuplicatedAcrossTheDstFallBackHour() throws Exception {
    long fallBack = Instant.parse("2026-11-01T06:00:00Z").getEpochSecond();
    vici.sync("db_time_zone = America/New_York");
    Map<String, String> callDates = new HashMap<>();
    long first = fallBack - 3600;
    long last = fallBack + 3600 + 600;
    long inserted = first - 600;
    int n = 0;
    for (long t = first; t <= last + 600; t += 120) {
      List<Call> calls = new ArrayList<>();
      // a call every 20 s, each inserted when it ends, as VICIdial's dialer writes them
      for (long start = inserted; start + 15 <= t && start <= last; start += 20, n++) {
        String uid = start + "." + n;
        callDates.put(uid, newYork(start));
        calls.add(new Call(uid, newYork(start), start).answered(15, n % 3 == 0 ? "SALE" : "NA"));
      }
      inserted += 20L * calls.size();
      vici.insert(calls);
      vici.sync("db_options = sessionVariables=timestamp=" + t);
      Vici.Result r = vici.run("run", "--overlap", "60", "--initial-lookback", "15");
      assertThat(r.exit()).as(r.err()).isZero();
    }

    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(callDates.keySet());
    assertThat(got.values()).containsOnly(1);
    assertThat(receiver.posts())
        .allSatisfy(
            p ->
                assertThat(p.body().get("callDate").asText())
                    .isEqualTo(callDates.get(p.uniqueid())));
    assertThat(callDates.values())
        .filteredOn(d -> d.startsWith("2026-11-01 01:3"))
        .as("the repeated hour really is in the fixture")
        .hasSizeGreaterThan(40);
  }

  /**
   * The database in one zone, the dialers writing call_date in another, db_time_zone unset: every
   * poll would read the wrong hours and deliver nothing with exit 0. The rows show it.
   */
  @Test
  void dialersWritingCallDateInAnotherZoneStopTheRunNamingTheSettingUntilItIsSet()
      throws Exception {
    vici.sync("db_time_zone = +00:00");
    long now = vici.dbNow();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = now - 120 - i * 30L;
      calls.add(new Call("1700000410." + i, newYork(start), start).answered(20, "SALE"));
    }
    vici.insert(calls);
    String offset = NEW_YORK.getRules().getOffset(Instant.ofEpochSecond(now)).getId();

    Vici.Result r = vici.run("run", "--initial-lookback", "30");
    Vici.Result doctor = vici.run("doctor");

    assertThat(r.exit()).as(r.err()).isEqualTo(78);
    assertThat(r.err())
        .contains("vicidial_log's newest calls have a call_date")
        .contains("Set [sync] db_time_zone = " + offset)
        .contains("nothing was skipped");
    assertThat(receiver.requests()).isZero();
    assertThat(doctor.out()).contains("✗ vicidial_log's newest calls have a call_date");

    vici.sync("db_time_zone = America/New_York");
    assertThat(vici.run("run", "--initial-lookback", "30").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(50);
    assertThat(vici.run("doctor").out())
        .contains("✓ vicidial_log: call_date and start_epoch agree in the database's time zone");
  }

  /**
   * Cron every minute while the database's clock runs ahead of the dialers' (their call_date and
   * epochs): {@code aheadAt.apply(minute)} seconds ahead at each run. A cursor at the database's
   * "now" would sit ahead of every call written after it, beyond the overlap's reach.
   */
  private Map<String, Integer> cronWithDatabaseAhead(IntUnaryOperator aheadAt) throws Exception {
    long base = vici.dbNow();
    List<String> ids = new ArrayList<>();
    long next = base - 300;
    int n = 0;
    for (int minute = 0; minute <= 12; minute++) {
      long t = base + minute * 60L; // the dialers' clock
      List<Call> calls = new ArrayList<>();
      for (; next + 15 <= t; next += 20, n++) {
        String uid = next + "." + n;
        ids.add(uid);
        calls.add(new Call(uid, vici.local(next), next).answered(15, "SALE"));
      }
      vici.insert(calls);
      vici.sync("db_options = sessionVariables=timestamp=" + (t + aheadAt.applyAsInt(minute)));
      Vici.Result r = vici.run("run");
      assertThat(r.exit()).as("minute %d: %s", minute, r.err()).isZero();
    }
    vici.sync("db_options = sessionVariables=timestamp=" + (base + 13 * 60L));
    assertThat(vici.run("run").exit()).isZero();
    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    return got;
  }

  @Test
  void aDatabaseClockSteadilyAheadOfTheDialersByMoreThanTheOverlapLosesNothing() throws Exception {
    assertThat(cronWithDatabaseAhead(m -> 11 * 60).values()).containsOnly(1);
  }

  @Test
  void aDatabaseClockHalfAnHourAheadThenCorrectedLosesNothing() throws Exception {
    assertThat(cronWithDatabaseAhead(m -> m < 6 ? 1800 : 0).values()).containsOnly(1);
  }

  @Test
  void aDatabaseSessionZoneUnlikeTheJvmsLosesNothingAndKeepsCallDateAsWritten() throws Exception {
    TimeZone jvm = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    try {
      vici.sync("db_time_zone = America/New_York");
      long now = vici.dbNow();
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long start = now - 120 - i * 30L;
        calls.add(new Call("1700000400." + i, newYork(start), start).answered(20, "SALE"));
      }
      vici.insert(calls);

      assertThat(vici.run("run", "--initial-lookback", "30").exit()).isZero();

      assertThat(receiver.countByUniqueid()).hasSize(50);
      assertThat(receiver.posts())
          .allSatisfy(
              p -> {
                long start = p.body().get("startEpoch").asLong();
                assertThat(p.body().get("callDate").asText()).isEqualTo(newYork(start));
              });
    } finally {
      TimeZone.setDefault(jvm);
    }
  }
}
