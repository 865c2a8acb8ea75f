package io.vicisync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettlementTrackerTest {
  @Test
  void thePositionOnlyPassesABatchOnceEveryPostBeforeItSettled() {
    SettlementTracker<String> t = new SettlementTracker<>(null);
    long a = t.open();
    long b = t.open();
    t.reached("batch1");
    long c = t.open();
    t.reached("batch2");

    t.settle(b);
    t.settle(c);
    assertThat(t.position()).as("a is still in flight").isNull();

    t.settle(a);
    assertThat(t.position()).isEqualTo("batch2");
    assertThat(t.unsettled()).isZero();
  }

  @Test
  void aPostThatNeverSettlesHoldsThePositionBeforeIt() {
    SettlementTracker<String> t = new SettlementTracker<>("start");
    long a = t.open();
    t.reached("batch1");
    long failed = t.open();
    t.reached("batch2");
    t.settle(a);
    assertThat(t.position()).isEqualTo("batch1");
    assertThat(t.unsettled()).isEqualTo(1);
    t.settle(failed);
    assertThat(t.position()).as("once it settles, the position moves past it").isEqualTo("batch2");
  }

  @Test
  void batchesWithNothingToPostMoveThePositionAtOnce() {
    SettlementTracker<String> t = new SettlementTracker<>(null);
    t.reached("batch1");
    t.reached("batch2");
    assertThat(t.position()).isEqualTo("batch2");
  }
}
