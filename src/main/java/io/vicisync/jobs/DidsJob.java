package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.log.RunLog;
import io.vicisync.ops.DidTally;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import io.vicisync.source.ScanRange;
import io.vicisync.source.SourceScanner;
import io.vicisync.source.jdbc.SaleStatuses;
import io.vicisync.state.SentLedger;
import io.vicisync.wire.Did;
import io.vicisync.wire.EncodedCall;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code vicisync dids}: walks a range of calls the way a run reads them (the call_date index, a
 * slice at a time, each slice's caller IDs, carrier and AMD rows and talk time in one indexed query
 * a table) and counts them per DID. Reads only: no lock, no state written.
 */
public final class DidsJob {
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  public DidsJob(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** {@code campaign}: only its calls (null: all); {@code sort}: a column of {@link DidTally}. */
  public ExitCode run(CallDateRange range, String campaign, String sort, boolean json) {
    DidTally tally = new DidTally();
    try (RunLog log = RunLog.open(null, err, LockedJob.PID)) {
      for (CallSource src : Wiring.sources(settings.sync())) {
        try (Wiring w =
            Wiring.open(settings, src, Wiring.Mode.REPORT, log, out, Wiring.NO_TIME_LIMIT)) {
          count(w, src, range.resolve(w.db), campaign, tally);
        }
      }
    } catch (VicisyncException e) {
      err.println("vicisync: error: " + e.getMessage());
      return e.exitCode();
    }
    out.print(json ? tally.json(sort) + "\n" : tally.table(sort));
    return ExitCode.OK;
  }

  private void count(Wiring w, CallSource src, ScanRange range, String campaign, DidTally tally) {
    SaleStatuses sales = SaleStatuses.read(w.db);
    SourceScanner scanner =
        SourceScanner.of(w.context.reader(), src, range, null, settings.sync().batchSize());
    while (!scanner.done()) {
      List<CallRow> rows =
          scanner.next().stream()
              .filter(CallRow::ended)
              .filter(r -> campaign == null || campaign.equals(r.campaignId()))
              .toList();
      Map<String, Enrichment> known = w.context.enricher().lookUp(rows);
      for (CallRow r : rows) {
        Enrichment e = known.getOrDefault(r.uniqueid(), Enrichment.NONE);
        Object talk = e.fields().get(Extra.TALK_TIME);
        SentLedger.Entry sent =
            w.ledger.lookup(
                EncodedCall.of(r, r.postUniqueid(), src).ledgerKey(),
                r.endEpoch() == null ? 0 : r.endEpoch());
        tally.add(
            Did.of(e.text(Extra.CALLER_ID)),
            e.text(Extra.DIAL_STATUS),
            r.status(),
            e.text(Extra.AMD_STATUS),
            talk instanceof Integer i ? i : null,
            sales.isSale(r.campaignId(), r.status()),
            sent != null && !sent.deadLettered());
      }
    }
  }
}
