package io.vicisync.source;

import java.util.List;
import java.util.Map;

/** Adds what other tables know of calls about to be posted, keyed by uniqueid. */
public interface CallEnricher {
  /** No enrichment: inbound calls, or --no-enrich. */
  CallEnricher NONE = rows -> Map.of();

  Map<String, Enrichment> lookUp(List<CallRow> rows);
}
