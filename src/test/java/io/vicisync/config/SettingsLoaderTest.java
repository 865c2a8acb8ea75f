package io.vicisync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.StateDir;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @TempDir Path dir;

  Settings load(
      String astguiclient, String dids, Map<String, String> env, Map<String, ConfigValue> flags)
      throws Exception {
    Path agc = dir.resolve("astguiclient.conf");
    Path dc = dir.resolve("dids.conf");
    if (astguiclient != null) {
      Files.writeString(agc, astguiclient);
    }
    if (dids != null) {
      Files.writeString(dc, dids);
    }
    return SettingsLoader.load(new SettingsLoader.Sources(flags, env, agc, dc, true));
  }

  private Settings follow(String dids, Map<String, ConfigValue> flags) throws Exception {
    Path dc = dir.resolve("dids-follow.conf");
    Files.writeString(dc, dids);
    return SettingsLoader.load(
        new SettingsLoader.Sources(
            flags, Map.of(), dir.resolve("none.conf"), dc, true, true, Instance.DEFAULT));
  }

  @Test
  void aNamedInstanceKeepsItsStateAndLogApartAndTheDefaultKeepsTodaysPaths() throws Exception {
    Path dc = dir.resolve("dids-b.conf");
    Files.writeString(dc, "api_key = k\n");
    Settings b =
        SettingsLoader.load(
            new SettingsLoader.Sources(
                Map.of(),
                Map.of(),
                dir.resolve("none.conf"),
                dc,
                true,
                false,
                Instance.of(null, Map.of(Instance.ENV, "dialer-2"))));
    assertThat(b.sync().stateDir()).isEqualTo(Path.of("/var/lib/vicisync/dialer-2"));
    assertThat(b.sync().logFile()).isEqualTo(Path.of("/var/log/vicisync/dialer-2.log"));
    assertThat(b.sync().instance().label()).isEqualTo("dialer-2");
    assertThat(b.sync().legacyCheckpoint())
        .as("the Perl script's position is this host's default dialer's")
        .isNull();
    Settings a = load(null, "api_key = k\n", Map.of(), Map.of());
    assertThat(a.sync().stateDir()).isEqualTo(Path.of("/var/lib/vicisync"));
    assertThat(a.sync().logFile()).isEqualTo(Path.of("/var/log/vicisync/vicisync.log"));
    assertThat(a.sync().instance().label()).isEqualTo("default");
    assertThat(a.sync().legacyCheckpoint()).isEqualTo(Path.of("/tmp/did-optimizer-last-check.txt"));
    Instance i = Instance.of("east_1", Map.of(Instance.ENV, "ignored"));
    assertThat(i.astguiclientConf()).isEqualTo(Path.of("/etc/vicisync/east_1/astguiclient.conf"));
    assertThat(i.didsConf()).isEqualTo(Path.of("/etc/vicisync/east_1/dids.conf"));
    assertThat(Instance.DEFAULT.didsConf()).isEqualTo(Path.of("/etc/asterisk/dids.conf"));
    assertThat(Instance.DEFAULT.astguiclientConf()).isEqualTo(Path.of("/etc/astguiclient.conf"));
  }

  @Test
  void aNamedInstanceWithoutItsDirectoryIsRefusedRatherThanRunOnTheDefaults() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    new SettingsLoader.Sources(
                        Map.of(),
                        Map.of(),
                        null,
                        null,
                        false,
                        false,
                        new Instance("no-such-dialer-7"))))
        .isInstanceOf(VicisyncException.class)
        .hasMessage(
            "instance 'no-such-dialer-7': /etc/vicisync/no-such-dialer-7/ does not exist; make it"
                + " and put that dialer's astguiclient.conf and a dids.conf in it (README: Several"
                + " dialers from one host), or check the name")
        .satisfies(e -> assertThat(((VicisyncException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
  }

  @Test
  void anInstanceNameIsCheckedAndNeverLandsOnTheDefaultInstancesFiles() {
    for (String bad :
        new String[] {
          "../etc",
          "a/b",
          "a b",
          "-x",
          "",
          "x".repeat(33),
          "dialer.2",
          "default",
          "DEFAULT",
          "Default",
          "Ledger"
        }) {
      if (bad.isEmpty()) {
        assertThat(Instance.of(bad, Map.of())).isEqualTo(Instance.DEFAULT);
        continue;
      }
      assertThatThrownBy(() -> Instance.of(bad, Map.of()))
          .as(bad)
          .isInstanceOf(VicisyncException.class)
          .hasMessageStartingWith("--instance: '")
          .satisfies(e -> assertThat(((VicisyncException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
    assertThatThrownBy(() -> Instance.of(null, Map.of(Instance.ENV, "a;rm")))
        .hasMessageStartingWith("$VICISYNC_INSTANCE: 'a;rm' is not an instance name")
        .satisfies(e -> assertThat(((VicisyncException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    // a named instance's state directory is a child of the default's: never one of its entries
    StateDir defaults = new StateDir(Path.of("/d"));
    List<Path> entries = new ArrayList<>();
    for (CallSource src : CallSource.values()) {
      entries.addAll(
          List.of(
              defaults.checkpoint(src),
              defaults.watch(src),
              defaults.ledger(src),
              defaults.backfill(src)));
    }
    // every entry StateDir names, so that a new one fails this test until Instance keeps its name
    for (Method m : StateDir.class.getMethods()) {
      if (m.getReturnType() == Path.class
          && m.getParameterCount() == 0
          && !m.getName().equals("root")) {
        try {
          entries.add((Path) m.invoke(defaults));
        } catch (ReflectiveOperationException e) {
          throw new LinkageError(m.getName(), e);
        }
      }
    }
    assertThat(entries).contains(defaults.owner(), defaults.format(), defaults.lock());
    entries.add(Path.of("/d/cds")); // the launcher's class-data archive
    for (Path p : entries) {
      String name = p.getFileName().toString();
      assertThatThrownBy(() -> new Instance(name)).as(name).isInstanceOf(RuntimeException.class);
    }
    assertThatThrownBy(() -> new Instance("vicisync"))
        .as("its log would be the default instance's vicisync.log")
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void followSettlesInFiveSecondsUnlessTheFileOrTheFlagSaysOtherwise() throws Exception {
    assertThat(follow("api_key = k\n", Map.of()).sync().settle()).hasSeconds(5);
    assertThat(load(null, "api_key = k\n", Map.of(), Map.of()).sync().settle())
        .as("run keeps 30")
        .hasSeconds(30);
    assertThat(follow("api_key = k\n[sync]\nsettle = 20\n", Map.of()).sync().settle())
        .hasSeconds(20);
    assertThat(
            follow("api_key = k\n", Map.of("sync.settle", new ConfigValue("12", "--settle")))
                .sync()
                .settle())
        .hasSeconds(12);
    Settings s = follow("api_key = k\n[sync]\ninterval = 2.5\nmax_backoff = 2m\n", Map.of());
    assertThat(s.sync().interval()).hasMillis(2500);
    assertThat(s.sync().maxBackoff()).hasMinutes(2);
  }

  @Test
  void readsTheInstallersFormAndHonoursThePort() throws Exception {
    Settings s =
        load(
            "VARDB_server => db1\nVARDB_database => asterisk\nVARDB_user => cron\n"
                + "VARDB_pass => s3cret # comment\nVARDB_port => 3307\nPATHlogs => /var/log\n",
            "api_key = k\n",
            Map.of(),
            Map.of());
    assertThat(s.db().host()).isEqualTo("db1");
    assertThat(s.db().port()).isEqualTo(3307);
    assertThat(s.db().password()).isEqualTo("s3cret");
    assertThat(s.db().toString()).doesNotContain("s3cret");
  }

  @Test
  void readsTheHandEditedPerlForm() throws Exception {
    Settings s =
        load(
            "$VARDB_server => 'db2';\n$VARDB_port => '3308';\n" + "$VARDB_pass => \"pw\";\n",
            "api_key = k\n",
            Map.of(),
            Map.of());
    assertThat(s.db().host()).isEqualTo("db2");
    assertThat(s.db().port()).isEqualTo(3308);
    assertThat(s.db().password()).isEqualTo("pw");
  }

  @Test
  void didsConfWithoutSectionHeaderAndInlineComments() throws Exception {
    Settings s =
        load(
            null,
            "api_base_url = http://api:5000\napi_key = abc;def\n"
                + "privacy_mode = 1        ; 1: keep customer numbers out of logs\napi_timeout = 5\n",
            Map.of(),
            Map.of());
    assertThat(s.api().apiKey()).isEqualTo("abc;def");
    assertThat(s.sync().privacyMode()).isTrue();
    assertThat(s.api().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.api().callResultsUri().toString())
        .isEqualTo("http://api:5000/api/v1/call-results");
  }

  @Test
  void flagsBeatEnvironmentBeatDidsConfBeatAstguiclientConfBeatDefaults() throws Exception {
    String agc = "VARDB_server => from-agc\nVARDB_user => agcuser\nVARDB_port => 3311\n";
    String dids =
        "[general]\napi_key = from-file\napi_base_url = http://file:1\n"
            + "[sync]\nsettle = 45\nbatch_size = 100\n";
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "VICIDIAL_DB_HOST",
                "from-env",
                "API_KEY",
                "from-env-key",
                "VICIDIAL_DB_PORT",
                "3312"));
    Map<String, ConfigValue> flags =
        Map.of(
            "db.host",
            new ConfigValue("from-flag", "--db-host"),
            "sync.batch_size",
            new ConfigValue("7", "--batch-size"));

    Settings s = load(agc, dids, env, flags);

    assertThat(s.db().host()).isEqualTo("from-flag");
    assertThat(s.db().port()).isEqualTo(3312);
    assertThat(s.db().user()).isEqualTo("agcuser");
    assertThat(s.db().name()).isEqualTo("asterisk");
    assertThat(s.api().apiKey()).isEqualTo("from-env-key");
    assertThat(s.api().baseUrl().toString()).isEqualTo("http://file:1");
    assertThat(s.sync().settle()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.sync().batchSize()).isEqualTo(7);
    assertThat(s.origins().get("db.port")).isEqualTo("$VICIDIAL_DB_PORT");
  }

  @Test
  void aMissingApiKeyIsAConfigurationErrorNamingWhereItLooked() {
    assertThatThrownBy(() -> load("VARDB_server => x\n", null, Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            VicisyncException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessageContaining("no DID Optimizer API key")
        .hasMessageContaining(dir.resolve("dids.conf") + " (not found)")
        .hasMessageContaining("$API_KEY");
  }

  @Test
  void aBadValueNamesItsFileAndKey() {
    assertThatThrownBy(() -> load("VARDB_port => 33o6\n", "api_key = k\n", Map.of(), Map.of()))
        .hasMessageContaining("astguiclient.conf VARDB_port: '33o6' is not a whole number");
    assertThatThrownBy(() -> load(null, "api_key = k\n[sync]\nsetle = 4\n", Map.of(), Map.of()))
        .hasMessageContaining("[sync] setle: unknown setting");
  }

  @Test
  void anUnparsableDidsConfIsAConfigurationError() {
    assertThatThrownBy(() -> load(null, "[general\napi_key = k\n", Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            VicisyncException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessageContaining("dids.conf");
  }
}
