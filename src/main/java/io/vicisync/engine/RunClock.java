package io.vicisync.engine;

import io.vicisync.source.DbClock;

/**
 * The database's clock, read once and advanced by the time elapsed here since: "now" for every
 * decision comes from the server VICIdial's rows are compared with, never from this JVM's zone.
 */
public final class RunClock {
  private final DbClock db;
  private long dbBase;
  private long wallBaseMillis;

  public RunClock(DbClock db) {
    this.db = db;
    refresh();
  }

  public void refresh() {
    dbBase = db.nowEpoch();
    wallBaseMillis = System.currentTimeMillis();
  }

  public long now() {
    return dbBase + (System.currentTimeMillis() - wallBaseMillis) / 1000;
  }
}
