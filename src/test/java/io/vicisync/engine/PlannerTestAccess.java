package io.vicisync.engine;

import io.vicisync.config.SyncSettings;

/** The settings the core's tests use, for tests in other packages. */
public final class PlannerTestAccess {
  private PlannerTestAccess() {}

  public static SyncSettings settings() {
    return PlannerTest.S;
  }
}
