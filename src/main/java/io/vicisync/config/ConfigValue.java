package io.vicisync.config;

/**
 * One setting's raw text and where it came from, e.g. {@code /etc/asterisk/dids.conf [general]
 * api_key}.
 */
public record ConfigValue(String text, String origin) {}
