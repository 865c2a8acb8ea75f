package io.vicisync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration as copy-paste, old editors and other programs sharing the files leave it. */
class HostileConfigTest {
  private static final String AGC = "VARDB_server => db1\n";
  @TempDir Path dir;

  private Settings load(byte[] astguiclient, byte[] dids) throws Exception {
    Path agc = dir.resolve("astguiclient.conf");
    Path dc = dir.resolve("dids.conf");
    Files.write(agc, astguiclient);
    Files.write(dc, dids);
    return SettingsLoader.load(new SettingsLoader.Sources(Map.of(), Map.of(), agc, dc, true));
  }

  private Settings load(String astguiclient, String dids) throws Exception {
    return load(
        astguiclient.getBytes(StandardCharsets.UTF_8), dids.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anApiKeyWithAnInvisibleCharacterIsRefusedWithoutShowingIt() {
    for (String key :
        new String[] {
          "abc\u200Bdef123", "\uFEFFabcdef123", "abc def123", "abcdéf123", "abc\u00A0def123"
        }) {
      assertThatThrownBy(() -> load(AGC, "api_key = " + key + "\n"))
          .isInstanceOfSatisfying(
              VicisyncException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
                assertThat(e.getMessage())
                    .contains("dids.conf")
                    .contains("U+")
                    .doesNotContain("abc")
                    .doesNotContain("def123");
              });
    }
  }

  @Test
  void credentialsInTheUrlAreRefusedAndNeverShownAQueryTooAnUpperCaseSchemeIsFine()
      throws Exception {
    assertThatThrownBy(
            () ->
                load(
                    AGC,
                    "api_key = k\napi_base_url = https://admin:hunter2@did" + ".example.com\n"))
        .isInstanceOfSatisfying(
            VicisyncException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
              assertThat(e.getMessage())
                  .contains("api_key")
                  .doesNotContain("hunter2")
                  .doesNotContain("admin");
            });
    assertThatThrownBy(() -> load(AGC, "api_key = k\napi_base_url = http://h:5000/?tenant=7\n"))
        .hasMessageContaining("query");
    Settings s = load(AGC, "api_key = k\napi_base_url = HTTP://Did.Example.com:5000/x\n");
    assertThat(s.api().callResultsUri().toString())
        .isEqualTo("http://Did.Example.com:5000/x/api/v1/call-results");
  }

  @Test
  void aUtf8PasswordAndALatin1OneBothReadAsVicidialsPerlReadsThem() throws Exception {
    Settings utf8 = load(AGC + "VARDB_pass => pässwörd\n", "api_key = k\n");
    assertThat(utf8.db().password()).isEqualTo("pässwörd");
    byte[] latin1 = (AGC + "VARDB_pass => pässwörd\n").getBytes(StandardCharsets.ISO_8859_1);
    Settings old = load(latin1, "api_key = k\n".getBytes(StandardCharsets.UTF_8));
    assertThat(old.db().password()).isEqualTo("pässwörd");
  }

  @Test
  void didsConfWithABomLatin1CommentsAndAnyCaseSectionAsTheAgiScriptAcceptsIt() throws Exception {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] comment = "; r\u00e9glages de l'API\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] rest =
        ("[General]\napi_key = k1\napi_base_url = http://10.0.0.9:5000\n[SYNC]\n" + "settle = 45\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + comment.length + rest.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(comment, 0, all, bom.length, comment.length);
    System.arraycopy(rest, 0, all, bom.length + comment.length, rest.length);
    Settings s = load(AGC.getBytes(StandardCharsets.UTF_8), all);
    assertThat(s.api().apiKey()).isEqualTo("k1");
    assertThat(s.api().baseUrl().getHost()).isEqualTo("10.0.0.9");
    assertThat(s.sync().settle().toSeconds()).isEqualTo(45);
  }

  @Test
  void theFirstVersionsDatabaseKeysInDidsConfRankBelowAstguiclientConf() throws Exception {
    Settings s =
        load(
            "VARDB_server => db1\n",
            "[general]\napi_key = k\ndb_host = other\n"
                + "db_user = syncuser\ndb_pass = pw2\ndb_name = vici\n");
    assertThat(s.db().host()).as("astguiclient.conf wins").isEqualTo("db1");
    assertThat(s.db().user()).isEqualTo("syncuser");
    assertThat(s.db().password()).isEqualTo("pw2");
    assertThat(s.db().name()).isEqualTo("vici");
    assertThat(s.origins().get("db.user")).contains("dids.conf").contains("db_user");
  }
}
