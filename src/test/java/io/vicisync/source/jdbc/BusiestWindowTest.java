package io.vicisync.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The busiest window is any run of consecutive five-minute buckets, not a clock-aligned one. */
class BusiestWindowTest {
  @Test
  void aBurstAcrossAQuarterHourBoundaryIsCountedWhole() {
    TreeMap<String, Long> b = new TreeMap<>();
    b.put("2026-12-05 10:05:00", 5L);
    b.put("2026-12-05 10:10:00", 60L);
    b.put("2026-12-05 10:15:00", 60L); // 10:10-10:25 holds 130; no quarter hour holds more than 70
    b.put("2026-12-05 10:20:00", 10L);
    b.put("2026-12-05 11:00:00", 100L);
    assertThat(BusiestWindow.busiest(b, 900))
        .isEqualTo(new BusiestWindow.Result(130, "2026-12-05 10:10:00"));
    assertThat(BusiestWindow.busiest(b, 300))
        .isEqualTo(new BusiestWindow.Result(100, "2026-12-05 11:00:00"));
    b.put("0000-00-00 00:00:00", 5000L);
    assertThat(BusiestWindow.busiest(b, 900).calls()).as("a zero date is no window").isEqualTo(130);
    assertThat(BusiestWindow.busiest(new TreeMap<>(), 900))
        .isEqualTo(new BusiestWindow.Result(0, null));
  }
}
