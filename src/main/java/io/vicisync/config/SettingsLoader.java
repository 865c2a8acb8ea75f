package io.vicisync.config;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Merges the configuration sources in their order of precedence: command-line flags, then the
 * environment, then dids.conf, then astguiclient.conf, then defaults. Every value is checked here,
 * so a bad one fails with a line that names where it came from.
 */
public final class SettingsLoader {
  /** VICIdial's agent screen only re-dispositions calls from the last four hours. */
  static final Duration WATCH = Duration.ofHours(4);

  /**
   * The inputs to a load.
   *
   * @param flags command-line values by setting name, each with the flag that gave it
   * @param astguiclientConf null: the instance's
   * @param didsConf null: the instance's
   * @param requireApiKey false for commands that never post (a dry run)
   * @param follow for the resident {@code follow}, whose defaults differ (settle)
   * @param instance which dialer: where its files are by default
   */
  public record Sources(
      Map<String, ConfigValue> flags,
      Map<String, String> env,
      Path astguiclientConf,
      Path didsConf,
      boolean requireApiKey,
      boolean follow,
      Instance instance) {

    public Sources {
      astguiclientConf = astguiclientConf != null ? astguiclientConf : instance.astguiclientConf();
      didsConf = didsConf != null ? didsConf : instance.didsConf();
    }

    public Sources(
        Map<String, ConfigValue> flags,
        Map<String, String> env,
        Path astguiclientConf,
        Path didsConf,
        boolean requireApiKey) {
      this(flags, env, astguiclientConf, didsConf, requireApiKey, false, Instance.DEFAULT);
    }
  }

  private final Map<String, ConfigValue> merged = new LinkedHashMap<>();
  private final List<String> lookedAt;
  private final List<Settings.FileRead> files;

  private final Instance instance;

  private SettingsLoader(Sources src) {
    instance = src.instance();
    checkInstanceDir(src);
    Setting.defaults(src.follow(), instance)
        .forEach((k, v) -> merged.put(k, new ConfigValue(v, "default")));
    Optional<Map<String, ConfigValue>> agc = AstguiclientConf.read(src.astguiclientConf());
    Optional<Map<String, ConfigValue>> dids = DidsConf.read(src.didsConf());
    // dids.conf's optional db_* keys (the first version's docs) rank below astguiclient.conf
    dids.ifPresent(
        d ->
            d.forEach(
                (k, v) -> {
                  if (k.startsWith("db.")) {
                    merged.put(k, v);
                  }
                }));
    agc.ifPresent(merged::putAll);
    dids.ifPresent(
        d ->
            d.forEach(
                (k, v) -> {
                  if (!k.startsWith("db.")) {
                    merged.put(k, v);
                  }
                }));
    for (Setting setting : Setting.values()) {
      String v = setting.env() == null ? null : src.env().get(setting.env());
      if (v != null && !v.isBlank()) {
        merged.put(setting.key(), new ConfigValue(v.strip(), "$" + setting.env()));
      }
    }
    merged.putAll(src.flags());
    files =
        List.of(
            new Settings.FileRead(src.astguiclientConf(), agc.isPresent(), true),
            new Settings.FileRead(src.didsConf(), dids.isPresent(), false));
    lookedAt =
        List.of(
            src.astguiclientConf() + (agc.isPresent() ? "" : " (not found)"),
            src.didsConf() + (dids.isPresent() ? "" : " (not found)"));
  }

  /**
   * A named instance whose directory is missing is a typo or an instance not made yet: running it
   * on the defaults would read the wrong database into a new state directory.
   */
  private static void checkInstanceDir(Sources src) {
    Instance i = src.instance();
    boolean usesDir =
        src.astguiclientConf().equals(i.astguiclientConf()) || src.didsConf().equals(i.didsConf());
    if (i.named() && usesDir && !Files.isDirectory(i.configDir())) {
      throw VicisyncException.config(
          "instance '"
              + i.name()
              + "': "
              + i.configDir()
              + "/ does not exist; make it and put that dialer's astguiclient.conf and a dids.conf"
              + " in it (README: Several dialers from one host), or check the name");
    }
  }

  public static Settings load(Sources src) {
    return new SettingsLoader(src).build(src.requireApiKey());
  }

  private Settings build(boolean requireApiKey) {
    String key = text(Setting.API_KEY.key());
    if (requireApiKey && key.isEmpty()) {
      throw VicisyncException.notConfigured(
          "no DID Optimizer API key: set api_key in the [general] section of dids.conf or the"
              + " API_KEY environment variable (looked at "
              + String.join(", ", lookedAt)
              + ", $API_KEY)");
    }
    DbSettings db =
        new DbSettings(
            required(Setting.DB_HOST.key()),
            integer(Setting.DB_PORT.key(), 1, 65535),
            required(Setting.DB_NAME.key()),
            required(Setting.DB_USER.key()),
            text(Setting.DB_PASSWORD.key()),
            text(Setting.DB_OPTIONS.key()),
            text(Setting.DB_TIME_ZONE.key()),
            Optional.ofNullable(merged.get(Setting.DB_PASSWORD.key()))
                .map(ConfigValue::caution)
                .orElse(null));
    checkApiKey(key);
    ApiSettings api =
        new ApiSettings(
            url(Setting.API_URL.key()),
            key,
            seconds(Setting.API_TIMEOUT.key(), 1),
            integer(Setting.API_RETRY_COUNT.key(), 0, 100),
            seconds(Setting.API_RETRY_DELAY.key(), 0),
            text(Setting.API_CA_FILE.key()).isBlank() ? null : path(Setting.API_CA_FILE.key()));
    Set<String> hold =
        Arrays.stream(text(Setting.HOLD_STATUS.key()).split(","))
            .map(s -> s.strip().toUpperCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    SyncSettings sync =
        new SyncSettings(
            wholeSeconds(Setting.SETTLE.key()),
            Set.copyOf(hold),
            wholeSeconds(Setting.HOLD_MAX.key()),
            wholeSeconds(Setting.OVERLAP.key()),
            WATCH,
            integer(Setting.BATCH_SIZE.key(), 1, 100_000),
            integer(Setting.MAX_IN_FLIGHT.key(), 1, 256),
            number(Setting.MAX_RATE.key()),
            wholeSeconds(Setting.MAX_RUN_TIME.key()),
            seconds(Setting.INTERVAL.key(), 100),
            seconds(Setting.MAX_BACKOFF.key(), 100),
            Duration.ofMinutes(integer(Setting.INITIAL_LOOKBACK.key(), 0, 10_000_000)),
            flag(Setting.PRIVACY_MODE.key()),
            integer(Setting.LEDGER_DAYS.key(), 1, 3650),
            path(Setting.STATE_DIR.key()),
            path(Setting.LOG_FILE.key()),
            text(Setting.LEGACY_CHECKPOINT.key()).isEmpty()
                ? null
                : Path.of(text(Setting.LEGACY_CHECKPOINT.key())),
            flag(Setting.ENRICH.key()),
            choice(Setting.PHONE_NUMBER.key(), SyncSettings.PhoneNumber.class),
            choice(Setting.RESEND.key(), SyncSettings.Resend.class),
            choice(Setting.SOURCE.key(), SyncSettings.Sources.class),
            text(Setting.METRICS_FILE.key()).isEmpty()
                ? null
                : Path.of(text(Setting.METRICS_FILE.key())),
            instance);
    Map<String, String> origins = new LinkedHashMap<>();
    merged.forEach((k, v) -> origins.put(k, v.origin()));
    Map<String, String> shown = new TreeMap<>();
    merged.forEach(
        (k, v) ->
            shown.put(
                k,
                k.equals(Setting.DB_PASSWORD.key()) || k.equals(Setting.API_KEY.key())
                    ? Secrets.mask(v.text())
                    : v.text()));
    return new Settings(db, api, sync, Map.copyOf(origins), shown, files);
  }

  private String text(String key) {
    return merged.get(key).text();
  }

  private String required(String key) {
    String v = text(key);
    if (v.isEmpty()) {
      throw bad(key, "must not be empty");
    }
    return v;
  }

  private int integer(String key, int min, int max) {
    try {
      int v = Integer.parseInt(text(key));
      if (v < min || v > max) {
        throw bad(key, "must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(key, "is not a whole number");
    }
  }

  private double number(String key) {
    try {
      double v = Double.parseDouble(text(key));
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw bad(key, "must be zero or more");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(key, "is not a number");
    }
  }

  private boolean flag(String key) {
    return switch (text(key).toLowerCase(Locale.ROOT)) {
      case "1", "yes", "true", "on" -> true;
      case "0", "no", "false", "off", "" -> false;
      default -> throw bad(key, "must be 0 or 1");
    };
  }

  /** Seconds, possibly fractional ("0.5"), with an optional unit: 30, 30s, 10m, 1h. */
  private Duration seconds(String key, long minMillis) {
    String t = text(key).toLowerCase(Locale.ROOT);
    long unit = 1000;
    if (t.endsWith("ms")) {
      unit = 1;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3_600_000;
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t.strip());
      long millis = Math.round(v * unit);
      if (v < 0 || millis < minMillis) {
        throw bad(key, "must be at least " + minMillis + " ms");
      }
      return Duration.ofMillis(millis);
    } catch (NumberFormatException e) {
      throw bad(key, "is not a duration; write seconds, or a number with s, m or h");
    }
  }

  private Duration wholeSeconds(String key) {
    return Duration.ofSeconds(seconds(key, 0).toSeconds());
  }

  /**
   * A key pasted with an invisible character (a zero-width space, a BOM, a non-breaking space)
   * would be refused by the receiver on every post, or not even fit in a header: say so now, and
   * where, without showing the key.
   */
  private void checkApiKey(String key) {
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      if (c < 0x21 || c > 0x7e) {
        ConfigValue v = merged.get(Setting.API_KEY.key());
        throw VicisyncException.config(
            v.origin()
                + ": the API key ("
                + Secrets.mask(key)
                + ") holds "
                + String.format("U+%04X", c)
                + " ("
                + describe(c)
                + ") at character "
                + (key.codePointCount(0, i) + 1)
                + "; API keys are"
                + " printable ASCII: type it again without copying invisible characters");
      }
      i += Character.charCount(c);
    }
  }

  private static String describe(int c) {
    String name = Character.getName(c);
    return name == null ? "an unnamed character" : name.toLowerCase(Locale.ROOT);
  }

  private URI url(String key) {
    String t = text(key).strip();
    try {
      URI u = new URI(t);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || u.getHost() == null) {
        throw bad(key, "must be an http:// or https:// URL with a host");
      }
      if (u.getRawUserInfo() != null) {
        throw bad(
            key,
            "holds a user name or password before the host; vicisync sends only"
                + " the x-api-key header: remove 'user:password@' and put the key in api_key");
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw bad(
            key,
            "holds a query or fragment ('?…' or '#…') that the API's paths would"
                + " drop: give only scheme, host, port and path prefix");
      }
      return new URI(scheme, null, u.getHost(), u.getPort(), u.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw bad(key, "is not a URL");
    }
  }

  /** One of {@code type}'s constants, written in any case. */
  private <E extends Enum<E>> E choice(String key, Class<E> type) {
    try {
      return Enum.valueOf(type, text(key).strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(
          key,
          "is not one of "
              + String.join(
                  ", ",
                  Arrays.stream(type.getEnumConstants())
                      .map(c -> c.name().toLowerCase(Locale.ROOT))
                      .toList()));
    }
  }

  private Path path(String key) {
    return Path.of(required(key));
  }

  private VicisyncException bad(String key, String why) {
    ConfigValue v = merged.get(key);
    boolean secret = key.equals(Setting.API_KEY.key()) || key.equals(Setting.DB_PASSWORD.key());
    String shown = secret ? Secrets.mask(v.text()) : Secrets.maskUserInfo(v.text());
    String line = v.origin() + ": '" + Text.oneLine(shown, 200) + "' " + why;
    // a bad value on the command line is a usage error (64), like a value picocli refuses; in a
    // file or the environment it is the configuration's (78)
    return v.origin().startsWith("--")
        ? new VicisyncException(ExitCode.USAGE, line)
        : VicisyncException.config(line);
  }
}
