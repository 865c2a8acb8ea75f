package io.vicisync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to know, fully validated. {@code origins} says, for each setting, which
 * file, variable or flag gave its value; {@code shown} is each value as it may be printed, secrets
 * masked; {@code files} which configuration files were found.
 */
public record Settings(
    DbSettings db,
    ApiSettings api,
    SyncSettings sync,
    Map<String, String> origins,
    Map<String, String> shown,
    List<FileRead> files) {

  /**
   * A configuration file looked at, and whether it was there.
   *
   * @param database it is VICIdial's astguiclient.conf, where the database settings come from
   */
  public record FileRead(Path path, boolean found, boolean database) {}
}
