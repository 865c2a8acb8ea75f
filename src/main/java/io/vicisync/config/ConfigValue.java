package io.vicisync.config;

/**
 * One setting's raw text and where it came from, e.g. {@code /etc/asterisk/dids.conf [general]
 * api_key}; {@code caution}, when not null, says why the text may not be what its writer meant (a
 * password cut at a {@code #}), for the error that follows from it.
 */
public record ConfigValue(String text, String origin, String caution) {
  public ConfigValue(String text, String origin) {
    this(text, origin, null);
  }
}
