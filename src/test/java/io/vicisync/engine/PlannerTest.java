package io.vicisync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.Instance;
import io.vicisync.config.Setting;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Planner.Verdict;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import io.vicisync.wire.EncodedCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final SyncSettings S = settings(SyncSettings.Resend.NEVER, SyncSettings.PhoneNumber.DID);

  /** The defaults, with what happens to changed calls and what phoneNumber carries as given. */
  static SyncSettings settings(SyncSettings.Resend resend, SyncSettings.PhoneNumber phone) {
    return new SyncSettings(
        Duration.ofSeconds(30),
        Set.of(Setting.HOLD_STATUS.defaultValue().split(",")),
        Duration.ofSeconds(1800),
        Duration.ofSeconds(600),
        Duration.ofHours(4),
        500,
        16,
        0,
        Duration.ofSeconds(600),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofMinutes(60),
        false,
        7,
        Path.of("s"),
        Path.of("l"),
        null,
        true,
        phone,
        resend,
        SyncSettings.Sources.OUTBOUND,
        null,
        Instance.DEFAULT);
  }

  static final long NOW = 1_800_000_000L;
  static final Enrichment DIALED =
      Enrichment.of(
          Extra.CALLER_ID,
          "3125550101",
          Extra.DIAL_STATUS,
          "ANSWER",
          Extra.HANGUP_CAUSE,
          16,
          Extra.ANSWERED_TIME,
          45);

  static CallRow row(Long end, String status, int length) {
    return new CallRow(
        "1.1",
        1,
        1L,
        "C",
        "2027-01-15 08:00:00",
        end == null ? NOW : end - length,
        end,
        length,
        status,
        "1",
        "555",
        "u",
        null,
        "g",
        "NONE",
        "MAIN",
        1,
        null);
  }

  @Test
  void anUnansweredCallIsSentLikeAnyOther() {
    assertThat(Planner.classify(row(NOW - 60, "NA", 0), NOW, S)).isEqualTo(Verdict.SEND);
  }

  @Test
  void aCallStillUpOrJustEndedWaits() {
    assertThat(Planner.classify(row(null, "INCALL", 0), NOW, S)).isEqualTo(Verdict.NOT_ENDED);
    assertThat(Planner.classify(row(NOW - 29, "SALE", 10), NOW, S)).isEqualTo(Verdict.SETTLING);
    assertThat(Planner.classify(row(NOW - 30, "SALE", 10), NOW, S)).isEqualTo(Verdict.SEND);
  }

  @Test
  void aNonFinalStatusIsHeldUntilHoldMaxThenSent() {
    assertThat(Planner.classify(row(NOW - 1799, "INCALL", 10), NOW, S)).isEqualTo(Verdict.HELD);
    assertThat(Planner.classify(row(NOW - 1800, "INCALL", 10), NOW, S)).isEqualTo(Verdict.SEND);
    assertThat(Planner.classify(row(NOW - 100, "QUEUE", 0), NOW, S)).isEqualTo(Verdict.HELD);
  }

  @Test
  void theFingerprintChangesWithTheDispositionAndNothingElse() {
    EncodedCall a = EncodedCall.of(row(NOW - 60, "INCALL", 10), "1.1", CallSource.OUTBOUND);
    EncodedCall b = EncodedCall.of(row(NOW - 60, "INCALL", 10), "1.1", CallSource.OUTBOUND);
    EncodedCall c = EncodedCall.of(row(NOW - 60, "SALE", 10), "1.1", CallSource.OUTBOUND);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    assertThat(a.idempotencyKey()).isNotEqualTo(c.idempotencyKey()).startsWith("1.1:");
    assertThat(new String(a.withBody(null, null).json(), StandardCharsets.UTF_8))
        .contains(
            "\"disposition\":\"INCALL\"",
            "\"timestamp\":" + (NOW - 60),
            "\"campaignId\":\"C\"",
            "\"callDate\":\"2027-01-15 08:00:00\"",
            "\"callDirection\":\"outbound\"");
    assertThat(new String(a.withBody(DIALED, "3125550101").json(), StandardCharsets.UTF_8))
        .contains(
            "\"callerId\":\"3125550101\"",
            "\"dialStatus\":\"ANSWER\"",
            "\"carrierAnsweredSec\":45");
    assertThat(a.withBody(DIALED, "3125550101").fingerprint())
        .as("enrichment and the DID do not make a delivered call look changed")
        .isEqualTo(a.fingerprint());
  }
}
