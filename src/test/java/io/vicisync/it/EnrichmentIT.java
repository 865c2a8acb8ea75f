package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.it.Vici.Call;
import org.junit.jupiter.api.Test;

/** The caller ID presented and the carrier's dial result, from VICIdial's dial and carrier logs. */
class EnrichmentIT extends ViciTest {

  /** One answered call and one busy call, with the rows VICIdial writes while dialing them. */
  private void twoDialedCallsAndOneWithoutDialRows() throws Exception {
    long t = vici.dbNow() - 300;
    vici.insert(
        new Call("1800000030.501", vici.local(t), t).lead(501).answered(45, "SALE"),
        new Call("1800000030.502", vici.local(t + 1), t + 1).lead(502).status("B"),
        new Call("1800000030.503", vici.local(t + 2), t + 2).lead(503).status("NA"));
    vici.sql(
        "INSERT INTO vicidial_log_extended (uniqueid, server_ip, call_date, lead_id,"
            + " caller_code) VALUES ('1800000030.501', '10.0.0.5', '"
            + vici.local(t)
            + "', 501,"
            + " 'V1121000100000000501'), ('1800000030.502', '10.0.0.5', '"
            + vici.local(t + 1)
            + "', 502, 'V1121000101000000502')");
    vici.sql(
        "INSERT INTO vicidial_dial_log (caller_code, lead_id, server_ip, call_date,"
            + " outbound_cid) VALUES ('V1121000100000000501', 501, '10.0.0.5', '"
            + vici.local(t)
            + "', '\"ACME\" <3125550101>'), ('V1121000101000000502', 502, '10.0.0.5', '"
            + vici.local(t + 1)
            + "', '3125550102')");
    // the carrier log's uniqueid is the dial channel's: VICIdial joins on its first 10 characters
    vici.sql(
        "INSERT INTO vicidial_carrier_log (uniqueid, call_date, server_ip, lead_id,"
            + " hangup_cause, dialstatus, channel, dial_time, answered_time, sip_hangup_cause,"
            + " caller_code) VALUES ('1800000030.499', '"
            + vici.local(t)
            + "', '10.0.0.5', 501, 16,"
            + " 'ANSWER', 'SIP/carrier-0001', 7, 45, 200, 'V1121000100000000501'), ('1800000030.500',"
            + " '"
            + vici.local(t + 1)
            + "', '10.0.0.5', 502, 17, 'BUSY', 'SIP/carrier-0002', 3, 0,"
            + " 486, 'V1121000101000000502')");
  }

  @Test
  void theCallerIdAndTheCarriersResultArriveWithEachCall() throws Exception {
    twoDialedCallsAndOneWithoutDialRows();

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode answered = body("1800000030.501");
    assertThat(answered.get("callerId").asText()).isEqualTo("\"ACME\" <3125550101>");
    assertThat(answered.get("dialStatus").asText()).isEqualTo("ANSWER");
    assertThat(answered.get("hangupCause").asInt()).isEqualTo(16);
    assertThat(answered.get("sipHangupCause").asInt()).isEqualTo(200);
    assertThat(answered.get("dialTimeSec").asInt()).isEqualTo(7);
    assertThat(answered.get("carrierAnsweredSec").asInt()).isEqualTo(45);
    assertThat(answered.get("carrierDialStatus").asText()).isEqualTo("ANSWER");
    assertThat(answered.get("answerUid").asText()).isEqualTo("1800000030.501");
    assertThat(answered.has("dialTime")).as("the hook's names, not the old ones").isFalse();
    assertThat(answered.has("answeredTime")).isFalse();
    assertThat(answered.get("callDirection").asText()).isEqualTo("outbound");
    JsonNode busy = body("1800000030.502");
    assertThat(busy.get("callerId").asText()).isEqualTo("3125550102");
    assertThat(busy.get("dialStatus").asText()).isEqualTo("BUSY");
    assertThat(busy.get("sipHangupCause").asInt()).isEqualTo(486);
    JsonNode bare = body("1800000030.503");
    assertThat(bare.has("callerId")).as("no dial rows: the fields are left out").isFalse();
    assertThat(bare.has("dialStatus")).isFalse();
    assertThat(bare.get("disposition").asText()).isEqualTo("NA");
  }

  @Test
  void theAnsweringMachineVerdictIsTheCallsOwnByCallerCodeElseByTimeNeverAnotherDials()
      throws Exception {
    twoDialedCallsAndOneWithoutDialRows();
    long t = vici.dbNow() - 300;
    vici.sql(
        "INSERT INTO vicidial_amd_log (call_date, caller_code, lead_id, server_ip, AMDSTATUS,"
            + " AMDCAUSE, AMDRESPONSE, run_time, AMDSTATS) VALUES"
            // 501's own dial (as VD_amd.agi writes it: run_time is AMDSTATS before its dash),
            // and an earlier dial of the same lead an hour before
            + " ('"
            + vici.local(t + 2)
            + "', 'V1121000100000000501', 501, '10.0.0.5', 'HUMAN',"
            + " 'HUMAN-600-900-1500', 'HUMAN', '1520', '1520-600-900'),"
            + " ('"
            + vici.local(t - 3600)
            + "', 'V1120000000000000501', 501, '10.0.0.5',"
            + " 'MACHINE', 'LONGGREETING', 'MACHINE', '3000', '3000'),"
            // 502: another dial's row while 502 was up, which is not 502's
            + " ('"
            + vici.local(t + 1)
            + "', 'V9999999999000000502', 502, '10.0.0.5', 'MACHINE',"
            + " 'MAXWORDS', 'MACHINE', '900', '900'),"
            // 503 has no caller code: its lead's row written while it was up
            + " ('"
            + vici.local(t + 2)
            + "', '', 503, '10.0.0.5', 'NOTSURE', 'VOICEMAILAMD-2500-1200-3700', 'MACHINE',"
            + " '3710', '3710-2500')");

    assertThat(vici.run("run").exit()).isZero();

    JsonNode human = body("1800000030.501");
    assertThat(human.get("amdStatus").asText()).isEqualTo("HUMAN");
    assertThat(human.get("amdCause").asText()).isEqualTo("HUMAN-600-900-1500");
    // every AMD field the optimizer's hang-up hook (agi-did-optimizer-report.agi v9) sends
    assertThat(human.get("amdSubstatus").asText()).isEqualTo("HUMAN");
    assertThat(human.get("amdResponse").asText()).isEqualTo("HUMAN");
    assertThat(human.get("amdRunTimeMs").asInt()).isEqualTo(1520);
    assertThat(human.get("amdStats").asText()).isEqualTo("1520-600-900");
    assertThat(human.get("amdSilenceMs").asInt()).isEqualTo(600);
    assertThat(human.get("amdVoiceMs").asInt()).isEqualTo(900);
    assertThat(human.get("amdTotalMs").asInt()).isEqualTo(1500);
    assertThat(body("1800000030.502").has("amdStatus")).as("another dial's verdict").isFalse();
    JsonNode machine = body("1800000030.503");
    assertThat(machine.get("amdStatus").asText()).isEqualTo("NOTSURE");
    assertThat(machine.get("amdSubstatus").asText()).isEqualTo("VOICEMAILAMD");
    assertThat(machine.get("amdSilenceMs").asInt()).isEqualTo(2500);
    assertThat(machine.get("amdVoiceMs").asInt()).isEqualTo(1200);
    assertThat(machine.get("amdTotalMs").asInt()).isEqualTo(3700);
  }

  @Test
  void withoutGrantsOnTheExtraTablesCallsStillArriveAndTheLogSaysWhichGrant() throws Exception {
    twoDialedCallsAndOneWithoutDialRows();
    // VICIdial's usual grant for a cron user: the call log only
    vici.minimalGrantUser("cron_" + vici.database, "localhost");

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).as("not a failure: cron mails nothing").isEmpty();
    assertThat(receiver.countByUniqueid()).hasSize(3);
    assertThat(body("1800000030.501").has("callerId")).isFalse();
    assertThat(body("1800000030.501").has("dialStatus")).isFalse();
    assertThat(vici.log())
        .contains(
            "sending calls without callerId this run: cannot read vicidial_log_extended"
                + " and vicidial_dial_log (not granted; run GRANT SELECT ON "
                + vici.database
                // the account MariaDB matched, not the address vicisync connected to
                + ".vicidial_log_extended TO 'cron_"
                + vici.database
                + "'@'localhost';")
        .contains(
            "sending calls without dialStatus, hangupCause, sipHangupCause, sipHangupReason,"
                + " carrierDialStatus, dialTimeSec, carrierAnsweredSec, ringTime this run")
        .contains(
            "sending calls without amdStatus, amdSubstatus, amdCause, amdResponse, amdRunTimeMs,"
                + " amdStats, amdSilenceMs, amdVoiceMs, amdTotalMs this run");
  }

  @Test
  void noEnrichSendsTheCallsAsVicidialLogHasThem() throws Exception {
    twoDialedCallsAndOneWithoutDialRows();
    assertThat(vici.run("run", "--no-enrich").exit()).isZero();
    assertThat(receiver.posts())
        .hasSize(3)
        .allSatisfy(
            p -> assertThat(p.body().has("callerId") || p.body().has("dialStatus")).isFalse());
  }

  private JsonNode body(String uniqueid) {
    return receiver.first(uniqueid);
  }
}
