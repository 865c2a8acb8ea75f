package io.vicisync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void controlCharactersOfEveryKindAreWrittenOutNotPassedThrough() {
    assertThat(Text.safe("555\n\u001b[2J12\r\u0000\u007f\u0085\u009b\t"))
        .isEqualTo("555\\n\\x1b[2J12\\x0d\\x00\\x7f\\x85\\x9b\\t");
  }

  @Test
  void printableTextAnyScriptIsKeptAsIs() {
    assertThat(Text.safe("José € 😀 — ok")).isEqualTo("José € 😀 — ok");
    assertThat(Text.safe(null)).isEqualTo("null");
  }

  @Test
  void longTextIsCutWithAnEllipsisOnlyWhenCut() {
    assertThat(Text.oneLine("abcdef", 3)).isEqualTo("abc…");
    assertThat(Text.oneLine("abc", 3)).isEqualTo("abc");
    assertThat(Text.oneLine("\n\n\n", 3)).isEqualTo("\\n\\…");
  }
}
