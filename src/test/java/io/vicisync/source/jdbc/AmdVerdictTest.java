package io.vicisync.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import org.junit.jupiter.api.Test;

/** One vicidial_amd_log row as the optimizer's hang-up hook sends it, whatever the row holds. */
class AmdVerdictTest {
  @Test
  void aCauseWrittenClassSilenceVoiceTotalIsTakenApart() {
    Enrichment e =
        AmdLookup.verdict("MACHINE", "VOICEMAILAMD-2500-1200-3700", "MACHINE", "3710", "3710-2500");
    assertThat(e.text(Extra.AMD_SUBSTATUS)).isEqualTo("VOICEMAILAMD");
    assertThat(e.fields().get(Extra.AMD_SILENCE_MS)).isEqualTo(2500);
    assertThat(e.fields().get(Extra.AMD_VOICE_MS)).isEqualTo(1200);
    assertThat(e.fields().get(Extra.AMD_TOTAL_MS)).isEqualTo(3700);
    assertThat(e.fields().get(Extra.AMD_RUN_TIME_MS)).isEqualTo(3710);
  }

  @Test
  void anyOtherCauseGivesItsWordAndNoNumbersAndOddValuesNeverThrow() {
    Enrichment words = AmdLookup.verdict("NOTSURE", "TOOLONG", "", "2.5", "");
    assertThat(words.text(Extra.AMD_SUBSTATUS)).isEqualTo("TOOLONG");
    assertThat(words.fields()).doesNotContainKeys(Extra.AMD_SILENCE_MS, Extra.AMD_RESPONSE);
    assertThat(words.fields().get(Extra.AMD_RUN_TIME_MS)).as("Perl's int()").isEqualTo(2);
    Enrichment odd = AmdLookup.verdict(null, "HUMAN-99999999999999-x-1", null, "abc", "\u0000\n");
    assertThat(odd.fields()).doesNotContainKeys(Extra.AMD_SILENCE_MS, Extra.AMD_RUN_TIME_MS);
    assertThat(odd.text(Extra.AMD_SUBSTATUS)).isEqualTo("HUMAN");
    assertThat(AmdLookup.verdict(null, null, null, null, null).fields()).isEmpty();
  }
}
