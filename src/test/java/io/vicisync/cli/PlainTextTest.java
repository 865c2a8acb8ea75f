package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Without UTF-8 (cron with no LANG), the marks reach the mail spelled out, never as '?'. */
class PlainTextTest {
  @Test
  void anAsciiStreamGetsTheMarksSpelledAndAUtf8OneKeepsThem() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream ascii =
        PlainText.fit(
            new PrintStream(bytes, true, StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    ascii.println("✓ 1.1 CAMP/555 → SALE (45s)");
    ascii.printf("%s ≠ %s … ⚠%n", "a", "b");
    ascii.print((Object) "✗ refused");
    assertThat(bytes.toString(StandardCharsets.US_ASCII))
        .isEqualTo(
            "ok 1.1 CAMP/555 -> SALE (45s)"
                + System.lineSeparator()
                + "a != b ... !"
                + System.lineSeparator()
                + "x refused")
        .doesNotContain("?");

    PrintStream utf8 = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(PlainText.fit(utf8, StandardCharsets.UTF_8)).isSameAs(utf8);
  }
}
