package io.vicisync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.source.CallRow;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A row skipped as seen must be the row as it was in every field; any change is a miss. */
class SeenRowsTest {
  static CallRow row(String status, String comments, Long list, String phone) {
    return new CallRow(
        "1.1",
        7,
        list,
        "C",
        "2027-01-15 08:00:00",
        100L,
        130L,
        30,
        status,
        "1",
        phone,
        "agent",
        comments,
        "G",
        "CALLER",
        "MAIN",
        1,
        null);
  }

  @Test
  void everyFieldCountsAndNoFieldBleedsIntoTheNext() {
    long base = SeenRows.hash(row("SALE", null, 1001L, "555"), "1.1");
    assertThat(SeenRows.hash(row("SALE", null, 1001L, "555"), "1.1")).isEqualTo(base);
    assertThat(SeenRows.hash(row("NI", null, 1001L, "555"), "1.1")).isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SALE", "null", 1001L, "555"), "1.1"))
        .as("null is not the text null")
        .isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SALE", "", 1001L, "555"), "1.1")).isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SALE", null, null, "555"), "1.1")).isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SALE", null, 0L, "555"), "1.1")).isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SALE", null, 1001L, "555"), "1.2"))
        .as("posted under another uniqueid")
        .isNotEqualTo(base);
    assertThat(SeenRows.hash(row("SAL", null, 1001L, "E555"), "1.1"))
        .as("a character moved from one field to the next")
        .isNotEqualTo(SeenRows.hash(row("SALE", null, 1001L, "555"), "1.1"))
        .isNotEqualTo(base);
  }

  /** A value of {@code type} other than {@code v} (null when v is not). */
  private static Object other(Class<?> type, Object v) {
    if (v != null) {
      return null;
    }
    return type == String.class ? "x" : type == Long.class || type == long.class ? 5L : 5;
  }

  @Test
  void eachOfTheRowsColumnsEntersTheHash() throws Exception {
    CallRow base = row("SALE", null, 1001L, "555");
    RecordComponent[] cs = CallRow.class.getRecordComponents();
    Constructor<CallRow> make =
        CallRow.class.getDeclaredConstructor(
            Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new));
    for (int i = 0; i < cs.length; i++) {
      Object[] args = new Object[cs.length];
      for (int j = 0; j < cs.length; j++) {
        args[j] = cs[j].getAccessor().invoke(base);
      }
      Object was = args[i];
      args[i] =
          cs[i].getType() == long.class
              ? (Object) ((long) was + 1)
              : was == null
                  ? other(cs[i].getType(), null)
                  : was instanceof String t ? t + "x" : null;
      CallRow changed = make.newInstance(args);
      assertThat(SeenRows.hash(changed, "1.1"))
          .as("a change of %s alone", cs[i].getName())
          .isNotEqualTo(SeenRows.hash(base, "1.1"));
    }
  }

  @Test
  void onlyAnIdenticalRowIsUnchanged() {
    SeenRows seen = new SeenRows();
    seen.settled(row("SALE", null, 1001L, "555"), "1.1");
    assertThat(seen.unchanged(row("SALE", null, 1001L, "555"), "1.1")).isTrue();
    assertThat(seen.unchanged(row("DNC", null, 1001L, "555"), "1.1")).isFalse();
    seen.prune(131);
    assertThat(seen.unchanged(row("SALE", null, 1001L, "555"), "1.1")).isFalse();
  }
}
