package io.vicisync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.Json;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ledger's fingerprints hash these bytes: they must be Jackson's, or every call re-sends. */
class PayloadTextTest {
  private static final List<String> SAMPLES =
      List.of(
          "",
          "NA",
          "SALE",
          "VDAD",
          "a \"quoted\"",
          "back\\slash",
          "tab\there",
          "line\nbreak",
          "ünïcødé",
          "emoji 😀",
          "del\u007f",
          "x\u0001",
          "{\"json\":1}",
          "  spaces  ",
          "5551234567");

  @Test
  void writesJacksonsBytesOrStepsAside() throws Exception {
    Random r = new Random(42);
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      CallRow row =
          new CallRow(
              pick(r, "1729771234." + i),
              r.nextInt(1_000_000),
              r.nextBoolean() ? null : (long) r.nextInt(),
              pick(r, "CAMP1"),
              pick(r, "2026-11-21 10:00:00"),
              r.nextBoolean() ? null : r.nextLong(),
              r.nextBoolean() ? null : 1_763_000_000L + i,
              r.nextBoolean() ? null : r.nextInt(1000),
              pick(r, "NA"),
              pick(r, "1"),
              pick(r, "5551234567"),
              pick(r, "VDAD"),
              pick(r, null),
              pick(r, "AGENTS"),
              pick(r, "NONE"),
              pick(r, "NONE"),
              r.nextBoolean() ? null : r.nextInt(30),
              null);
      CallPayload p = CallPayload.of(row, row.uniqueid() == null ? "u" + i : row.uniqueid());
      byte[] jackson = Json.MAPPER.writeValueAsBytes(p);
      byte[] ours = PayloadText.of(p);
      if (ours != null) {
        fast++;
        assertThat(new String(ours, StandardCharsets.UTF_8))
            .isEqualTo(new String(jackson, StandardCharsets.UTF_8));
      }
      assertThat(EncodedCall.of(row, p.uniqueid(), CallSource.OUTBOUND).fingerprint())
          .isEqualTo(Fingerprints.sha256Long(jackson) & Long.MAX_VALUE);
    }
    // most rows take the fast path; the rest (control characters, non-ASCII) go through Jackson
    assertThat(fast).isGreaterThan(1_000);
  }

  private static String pick(Random r, String usual) {
    int k = r.nextInt(4);
    return k == 0 ? usual : k == 1 ? null : SAMPLES.get(r.nextInt(SAMPLES.size()));
  }
}
