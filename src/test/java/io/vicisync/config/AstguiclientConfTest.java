package io.vicisync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * astguiclient.conf read as VICIdial reads it: every file of the corpus under {@code
 * src/test/resources/astguiclient/} gives vicisync the values VICIdial's own rule gives.
 */
class AstguiclientConfTest {
  @TempDir Path dir;

  /**
   * VICIdial's rule, written in the shape of its Perl (bin/AST_VDauto_dial.pl at "default path to
   * astguiclient configuration file", the same block in every bin/ script, and
   * www/agc/dbconnect_mysqli.php): read the lines (split at LF), delete every space, {@code >}, LF,
   * CR, tab and everything from a {@code #} or {@code ;}; then, per key, a line that starts with it
   * sets it to the line less everything up to its last {@code =}, in the order of the file: the
   * last matching line wins.
   */
  static Map<String, String> vicidialRule(byte[] file) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    Map<String, String> vars = new LinkedHashMap<>();
    for (String conf : text.split("(?<=\n)", -1)) {
      String line = conf.replaceAll(" |>|\n|\r|\t|#.*|;.*", "");
      for (String key :
          List.of("VARDB_server", "VARDB_database", "VARDB_user", "VARDB_pass", "VARDB_port")) {
        if (line.matches("^" + key + "(?s).*")) {
          vars.put(key, line.replaceAll("(?s).*=", ""));
        }
      }
    }
    return vars;
  }

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path d = Path.of(AstguiclientConfTest.class.getResource("/astguiclient").toURI());
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void everyFileOfTheCorpusGivesTheValuesVicidialsOwnRuleGives(Path file) throws Exception {
    Map<String, String> vicidial = vicidialRule(Files.readAllBytes(file));
    Map<Setting, AstguiclientConf.Key> ours = AstguiclientConf.inspect(file).orElseThrow();
    for (Map.Entry<String, String> e : vicidial.entrySet()) {
      Setting st = byKey(e.getKey());
      assertThat(ours.get(st))
          .as(file.getFileName() + " " + e.getKey())
          .isNotNull()
          .extracting(AstguiclientConf.Key::value)
          .isEqualTo(e.getValue());
    }
    // a key VICIdial does not see is ours only from the Perl form (which VICIdial skips)
    for (Map.Entry<Setting, AstguiclientConf.Key> e : ours.entrySet()) {
      if (!vicidial.containsKey(e.getValue().key())) {
        assertThat(Files.readString(file)).contains("$" + e.getValue().key());
      }
    }
  }

  @Test
  void theCorpusCoversWhatTheIssueNames() throws Exception {
    assertThat(corpus().map(p -> p.getFileName().toString()))
        .contains(
            "appended-below.conf",
            "comments.conf",
            "spacing.conf",
            "crlf.conf",
            "quotes.conf",
            "equals.conf",
            "prefixes.conf",
            "perl-form.conf",
            "installer.conf");
  }

  @Test
  void aKeyAppendedBelowTheOldOneWinsAndItsLinesAreNamed() throws Exception {
    Path f = res("appended-below.conf");
    Map<Setting, AstguiclientConf.Key> keys = AstguiclientConf.inspect(f).orElseThrow();
    assertThat(keys.get(Setting.DB_HOST).value()).isEqualTo("new-db");
    assertThat(keys.get(Setting.DB_HOST).lines()).containsExactly(1, 7);
    assertThat(keys.get(Setting.DB_NAME).value()).isEqualTo("asterisk2");
    assertThat(keys.get(Setting.DB_USER).repeated()).isFalse();
    Settings s =
        SettingsLoader.load(
            new SettingsLoader.Sources(Map.of(), Map.of(), f, dir.resolve("dids.conf"), false));
    assertThat(s.db().host()).isEqualTo("new-db");
    assertThat(s.db().name()).isEqualTo("asterisk2");
  }

  @Test
  void aPasswordCutByAHashASemicolonOrASpaceOrInQuotesIsCautioned() throws Exception {
    assertThat(
            AstguiclientConf.inspect(res("comments.conf")).orElseThrow().get(Setting.DB_PASSWORD))
        .satisfies(
            k -> {
              assertThat(k.value()).isEqualTo("12");
              assertThat(k.caution()).contains("VARDB_pass on line 6 holds a '#'");
            });
    assertThat(AstguiclientConf.inspect(res("spacing.conf")).orElseThrow().get(Setting.DB_PASSWORD))
        .satisfies(
            k -> {
              assertThat(k.value()).isEqualTo("pass");
              assertThat(k.caution()).contains("holds a space");
            });
    assertThat(AstguiclientConf.inspect(res("quotes.conf")).orElseThrow().get(Setting.DB_PASSWORD))
        .satisfies(k -> assertThat(k.caution()).contains("is in quotes"));
    // a comment after a space is a comment: nothing to caution about
    assertThat(AstguiclientConf.inspect(res("comments.conf")).orElseThrow().get(Setting.DB_PORT))
        .satisfies(k -> assertThat(k.caution()).isNull());
    // the caution reaches the database settings, for a refused login to say
    Settings s =
        SettingsLoader.load(
            new SettingsLoader.Sources(
                Map.of(), Map.of(), res("comments.conf"), dir.resolve("dids.conf"), false));
    assertThat(s.db().passwordCaution()).contains("holds a '#'");
    assertThat(s.db().toString()).doesNotContain("12");
  }

  @Test
  void aKeyWithoutAValueIsRefusedNamingItsLine() throws Exception {
    Path f = dir.resolve("astguiclient.conf");
    Files.writeString(f, "VARDB_server => db\nVARDB_pass\n");
    assertThatThrownBy(() -> AstguiclientConf.inspect(f))
        .isInstanceOf(VicisyncException.class)
        .hasMessageContaining("line 2: VARDB_pass has no value");
  }

  private static Setting byKey(String key) {
    for (Setting s : Setting.values()) {
      if (key.equals(s.astguiclientKey())) {
        return s;
      }
    }
    throw new AssertionError(key);
  }

  private static Path res(String name) throws URISyntaxException {
    return Path.of(AstguiclientConfTest.class.getResource("/astguiclient/" + name).toURI());
  }
}
