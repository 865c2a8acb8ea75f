package io.vicisync.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  @Test
  void onATerminalItShowsDoneOfTotalAndEndsWithANewline() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressMeter m =
        new ProgressMeter(new PrintStream(buf, true, StandardCharsets.UTF_8), true, "backfill");
    m.start(3_000_000, 0);
    m.update(750_000);
    m.update(750_001); // within the same second: not redrawn
    m.finish();
    String shown = buf.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .startsWith("\rbackfill: 750,000 / 3,000,000 calls (25.0%) · ")
        .contains(" calls/s · ETA ")
        .endsWith("\n")
        .doesNotContain("750,001");
  }

  @Test
  void offTheTerminalItPrintsNothing() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressMeter m =
        new ProgressMeter(new PrintStream(buf, true, StandardCharsets.UTF_8), false, "backfill");
    m.start(10, 0);
    m.update(5);
    m.finish();
    assertThat(buf.size()).isZero();
  }

  @Test
  void etaReadsAsHoursMinutesSeconds() {
    assertThat(ProgressMeter.duration(3723)).isEqualTo("1:02:03");
  }
}
