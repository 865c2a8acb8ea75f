package io.vicisync.config;

import java.util.Map;

/**
 * Everything a run needs to know, fully validated. {@code origins} says, for each setting, which
 * file, variable or flag gave its value.
 */
public record Settings(
    DbSettings db, ApiSettings api, SyncSettings sync, Map<String, String> origins) {}
