package io.vicisync.engine;

import io.vicisync.source.DbClock;

/**
 * The database's clock, read once and advanced by the time elapsed here since: "now" for every
 * decision comes from the server VICIdial's rows are compared with, never from this JVM's zone.
 */
final class RunClock {
  private final DbClock db;
  private long dbBase;
  private long wallBaseMillis;

  RunClock(DbClock db) {
    this.db = db;
    refresh();
  }

  void refresh() {
    dbBase = db.nowEpoch();
    wallBaseMillis = System.currentTimeMillis();
  }

  long now() {
    return dbBase + (System.currentTimeMillis() - wallBaseMillis) / 1000;
  }
}
