package io.vicisync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The receiver's contract, pinned: the exact bytes of a full body. A change to what is sent shows
 * as a diff of these files, reviewed like any other change of an API.
 */
class GoldenBodyTest {
  static final CallRow OUTBOUND =
      new CallRow(
          "1729771234.567",
          123456,
          1001L,
          "CAMP1",
          "2024-10-24 12:00:00",
          1729771234L,
          1729771279L,
          45,
          "SALE",
          "1",
          "5551234567",
          "agent001",
          "called back, \"happy\"",
          "AGENTS",
          "AGENT",
          "MAIN",
          2,
          null);
  static final CallRow INBOUND =
      new CallRow(
          "9876",
          123456,
          998L,
          "SALESLINE",
          "2024-10-24 12:05:00",
          1729771500L,
          1729771590L,
          90,
          "XFER",
          "1",
          "3125550199",
          "agent7",
          null,
          "AGENTS",
          "CALLER",
          null,
          0,
          "1729771500.42");

  /** Every field VICIdial's other tables can add, as an answered auto-dialed call has them. */
  static final Enrichment FULL =
      Enrichment.of(
          Extra.CALLER_CODE, "V1024120000000123456",
          Extra.CALLER_ID, "\"ACME\" <13125550100>",
          Extra.DIAL_STATUS, "ANSWER",
          Extra.HANGUP_CAUSE, 16,
          Extra.SIP_HANGUP_CAUSE, 200,
          Extra.SIP_HANGUP_REASON, "OK",
          Extra.CARRIER_DIAL_STATUS, "ANSWER",
          Extra.DIAL_TIME, 52,
          Extra.ANSWERED_TIME, 45,
          Extra.RING_TIME, 7,
          Extra.AMD_STATUS, "HUMAN",
          Extra.AMD_SUBSTATUS, "HUMAN",
          Extra.AMD_CAUSE, "HUMAN-1200-2500-3700",
          Extra.AMD_RESPONSE, "HUMAN",
          Extra.AMD_RUN_TIME_MS, 3700,
          Extra.AMD_STATS, "3700-1200-2500",
          Extra.AMD_SILENCE_MS, 1200,
          Extra.AMD_VOICE_MS, 2500,
          Extra.AMD_TOTAL_MS, 3700,
          Extra.CUSTOMER_STATE, "IL",
          Extra.CUSTOMER_CITY, "Chicago",
          Extra.CUSTOMER_ZIP, "60601",
          Extra.TALK_TIME, 40);

  @Test
  void aFullyEnrichedOutboundCall() throws IOException {
    byte[] body =
        EncodedCall.of(OUTBOUND, OUTBOUND.postUniqueid(), CallSource.OUTBOUND)
            .withBody(FULL, Did.of(FULL.text(Extra.CALLER_ID)))
            .json();
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(golden("outbound-call.json"));
  }

  @Test
  void anInboundCall() throws IOException {
    byte[] body =
        EncodedCall.of(INBOUND, INBOUND.postUniqueid(), CallSource.INBOUND)
            .withBody(
                Enrichment.of(
                    Extra.CUSTOMER_STATE, "TX",
                    Extra.CUSTOMER_CITY, "Austin",
                    Extra.CUSTOMER_ZIP, "",
                    Extra.TALK_TIME, 85),
                null)
            .json();
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(golden("inbound-call.json"));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = GoldenBodyTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
