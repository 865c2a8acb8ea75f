package io.vicisync.config;

import java.util.List;

/** The keys of this tool's own {@code [sync]} section in dids.conf. */
final class SyncKeys {
  static final List<String> ALL =
      List.of(
          "settle",
          "hold_status",
          "hold_max",
          "overlap",
          "batch_size",
          "max_in_flight",
          "max_rate",
          "max_run_time",
          "initial_lookback",
          "state_dir",
          "log_file",
          "db_options",
          "db_time_zone",
          "ledger_days",
          "legacy_checkpoint",
          "enrich",
          "source",
          "metrics_file",
          "api_ca_file");

  private SyncKeys() {}
}
