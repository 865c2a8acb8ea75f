package io.vicisync.source;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What VICIdial recorded about a call beside its own row, field by field ({@link Extra}): the
 * caller ID presented, the carrier's answer, the answering machine detector's verdict, where the
 * customer is, how long agents talked. A field is absent when its row was not there, could not be
 * read, or was empty; values are strings or integers.
 */
public final class Enrichment {
  public static final Enrichment NONE = new Enrichment(new EnumMap<>(Extra.class));

  private final Map<Extra, Object> fields;

  private Enrichment(EnumMap<Extra, Object> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** The fields given as pairs: {@code of(Extra.CALLER_ID, "…", Extra.DIAL_STATUS, "ANSWER")}. */
  public static Enrichment of(Object... pairs) {
    EnumMap<Extra, Object> m = new EnumMap<>(Extra.class);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      if (v instanceof String s && !s.isBlank()) {
        m.put((Extra) pairs[i], s.strip());
      } else if (v instanceof Integer) {
        m.put((Extra) pairs[i], v);
      } else if (v != null && !(v instanceof String)) {
        throw new IllegalArgumentException(pairs[i] + ": " + v.getClass().getSimpleName());
      }
    }
    return new Enrichment(m);
  }

  /** Every field known, in the body's order. */
  public Map<Extra, Object> fields() {
    return fields;
  }

  /** The field as text; null when absent. */
  public String text(Extra f) {
    Object v = fields.get(f);
    return v == null ? null : v.toString();
  }

  /** This, with every field {@code o} knows taking its place. */
  public Enrichment plus(Enrichment o) {
    EnumMap<Extra, Object> m = new EnumMap<>(Extra.class);
    m.putAll(fields);
    m.putAll(o.fields);
    return new Enrichment(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enrichment e && e.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Enrichment" + fields;
  }
}
