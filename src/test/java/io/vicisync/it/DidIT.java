package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.it.Vici.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the DID Optimizer learns, against a receiver that behaves as its published handler does:
 * each call counted once, against the DID that placed it, with the carrier's result. The data set
 * is a dialer's: every call's caller ID, carrier row, lead and agent legs written as VICIdial
 * writes them, six DIDs stored at the optimizer in the formats it meets, caller IDs with and
 * without the leading 1, and manual dials with no dial-log row.
 */
class DidIT extends ViciTest {
  /** The DIDs as the optimizer stored them. */
  static final String[] STORED = {
    "+12125550101", "+12125550102", "2125550103", "12125550104", "+12125550105", "+13125550106"
  };

  /** The caller ID VICIdial presented for each DID, as outbound_cid holds it. */
  static final String[] PRESENTED = {
    "<12125550101>",
    "<2125550102>",
    "<12125550103>",
    "<2125550104>",
    "<2125550105>",
    "<13125550106>"
  };

  /** The carrier's answer, the disposition VICIdial logged with it, the call's length. */
  record Outcome(String dialStatus, String status, int length) {}

  static final List<Outcome> OUTCOMES =
      List.of(
          new Outcome("ANSWER", "SALE", 95),
          new Outcome("ANSWER", "NI", 40),
          new Outcome("ANSWER", "CALLBK", 62),
          new Outcome("BUSY", "B", 0),
          new Outcome("NOANSWER", "NA", 0),
          new Outcome("CONGESTION", "DC", 0),
          new Outcome("CHANUNAVAIL", "ADC", 0),
          new Outcome("ANSWER", "A", 0)); // answered by a machine, dropped by AMD

  static final int DIALED = 240;
  static final int MANUAL = 12;

  /** What the optimizer should hold for each DID: one count per call it placed. */
  final Map<String, Receiver.DidStats> truth = new LinkedHashMap<>();

  private void dialerDay() throws Exception {
    receiver.dids(STORED);
    for (String d : STORED) {
      truth.put(d, new Receiver.DidStats());
    }
    long t0 = vici.dbNow() - 2500; // the last calls are within the overlap a run re-reads
    List<Call> calls = new ArrayList<>();
    StringBuilder extended = new StringBuilder();
    StringBuilder dialLog = new StringBuilder();
    StringBuilder carrier = new StringBuilder();
    StringBuilder leads = new StringBuilder();
    StringBuilder agents = new StringBuilder();
    StringBuilder amd = new StringBuilder();
    for (int i = 0; i < DIALED; i++) {
      long t = t0 + i * 10L;
      int did = i % STORED.length;
      Outcome o = OUTCOMES.get((i / STORED.length) % OUTCOMES.size());
      String uid = "18000" + (10000 + i) + "." + (i * 3 + 1);
      String dialUid = "18000" + (10000 + i) + "." + (i * 3);
      long lead = 700_000L + i;
      String code = "V1130" + String.format("%06d", i) + String.format("%09d", lead);
      String local = vici.local(t);
      Call c = new Call(uid, local, t).lead(lead).phone("31255" + String.format("%05d", i));
      calls.add(o.length() > 0 ? c.answered(o.length(), o.status()) : c.status(o.status()));
      sep(extended)
          .append("('")
          .append(uid)
          .append("','10.0.0.5','")
          .append(local)
          .append("',")
          .append(lead)
          .append(",'")
          .append(code)
          .append("')");
      sep(dialLog)
          .append("('")
          .append(code)
          .append("',")
          .append(lead)
          .append(",'10.0.0.5','")
          .append(local)
          .append("','\"")
          .append(code)
          .append("\" ")
          .append(PRESENTED[did])
          .append("')");
      sep(carrier)
          .append("('")
          .append(dialUid)
          .append("','")
          .append(vici.local(t + o.length()))
          .append("','10.0.0.5',")
          .append(lead)
          .append(",16,'")
          .append(o.dialStatus())
          .append("','SIP/carrier-")
          .append(i)
          .append("',")
          .append(o.length() + 9)
          .append(",")
          .append(o.length())
          .append(",")
          .append(o.dialStatus().equals("BUSY") ? 486 : 200)
          .append(",'")
          .append(o.dialStatus().equals("BUSY") ? "Busy Here" : "OK")
          .append("','")
          .append(code)
          .append("')");
      sep(leads)
          .append("(")
          .append(lead)
          .append(",NOW(),1001,'1','31255")
          .append(String.format("%05d", i))
          .append("','Chicago','IL','60601')");
      if (o.length() > 0) {
        sep(agents)
            .append("('agent7','10.0.0.5','")
            .append(local)
            .append("',")
            .append(lead)
            .append(",'CAMP1',")
            .append(o.length() - 5)
            .append(",'")
            .append(o.status())
            .append("','")
            .append(uid)
            .append("')");
      }
      if (o.dialStatus().equals("ANSWER")) {
        sep(amd)
            .append("('")
            .append(vici.local(t + 3))
            .append("','")
            .append(code)
            .append("',")
            .append(lead)
            .append(",'10.0.0.5','")
            .append(o.length() == 0 ? "MACHINE" : "HUMAN")
            .append("','")
            .append(o.length() == 0 ? "LONGGREETING-1400-3200-4600" : "HUMAN-600-900-1500")
            .append("')");
      }
      Receiver.DidStats s = truth.get(STORED[did]);
      s.totalCalls++;
      switch (o.dialStatus()) {
        case "ANSWER" -> s.answered++;
        case "BUSY" -> s.busy++;
        case "CONGESTION", "CHANUNAVAIL" -> s.failed++;
        default -> {}
      }
    }
    // manual dials from the agent screen: no auto-dial caller code, so no dial-log row
    for (int i = 0; i < MANUAL; i++) {
      long t = t0 + 5 + i * 60L;
      calls.add(
          new Call("18001" + (20000 + i) + ".1", vici.local(t), t)
              .lead(800_000L + i)
              .phone("41255" + String.format("%05d", i))
              .answered(30, "NI"));
    }
    vici.insert(calls);
    vici.sql(
        "INSERT INTO vicidial_log_extended (uniqueid, server_ip, call_date, lead_id,"
            + " caller_code) VALUES "
            + extended);
    vici.sql(
        "INSERT INTO vicidial_dial_log (caller_code, lead_id, server_ip, call_date,"
            + " outbound_cid) VALUES "
            + dialLog);
    vici.sql(
        "INSERT INTO vicidial_carrier_log (uniqueid, call_date, server_ip, lead_id,"
            + " hangup_cause, dialstatus, channel, dial_time, answered_time, sip_hangup_cause,"
            + " sip_hangup_reason, caller_code) VALUES "
            + carrier);
    vici.sql(
        "INSERT INTO vicidial_list (lead_id, entry_date, list_id, phone_code, phone_number,"
            + " city, state, postal_code) VALUES "
            + leads);
    vici.sql(
        "INSERT INTO vicidial_agent_log (user, server_ip, event_time, lead_id, campaign_id,"
            + " talk_sec, status, uniqueid) VALUES "
            + agents);
    vici.sql(
        "INSERT INTO vicidial_amd_log (call_date, caller_code, lead_id, server_ip, AMDSTATUS,"
            + " AMDCAUSE) VALUES "
            + amd);
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.isEmpty() ? b : b.append(',');
  }

  private JsonNode body(String uniqueid) {
    return receiver.first(uniqueid);
  }

  private void assertEveryDidCountedAsTheTruth() {
    for (String d : STORED) {
      assertThat(receiver.did(d).toString()).as("DID " + d).isEqualTo(truth.get(d).toString());
    }
  }

  @Test
  void everyCallIsCountedOnceAgainstTheDidThatPlacedItAndAChangeAfterDeliveryIsNotCountedAgain()
      throws Exception {
    dialerDay();

    Vici.Result first = vici.run("run");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out() + first.err()).as("a run that did its job prints nothing").isEmpty();
    assertThat(receiver.countByUniqueid())
        .hasSize(DIALED + MANUAL)
        .allSatisfy((uid, n) -> assertThat(n).as(uid).isOne());
    assertEveryDidCountedAsTheTruth();
    JsonNode answered = body("1800010000.1"); // DID 0, SALE
    assertThat(answered.get("phoneNumber").asText()).isEqualTo("2125550101");
    assertThat(answered.get("customerPhone").asText()).isEqualTo("3125500000");
    assertThat(answered.get("dialStatus").asText()).isEqualTo("ANSWER");
    assertThat(answered.get("amdStatus").asText()).isEqualTo("HUMAN");
    assertThat(answered.get("ringTime").asInt()).isEqualTo(9);
    assertThat(answered.get("talkTime").asInt()).isEqualTo(90);
    assertThat(answered.get("customerState").asText()).isEqualTo("IL");
    JsonNode busy = body("1800010018.55"); // i = 18: BUSY
    assertThat(busy.get("sipHangupReason").asText()).isEqualTo("Busy Here");
    assertThat(Receiver.result(busy)).isEqualTo("busy");
    JsonNode manual = body("1800120000.1");
    assertThat(manual.get("phoneNumber").asText())
        .as("no dial-log row: the customer's number, as before")
        .isEqualTo("4125500000");
    assertThat(manual.has("callerId")).isFalse();
    assertThat(vici.log())
        .contains("summary: posted " + (DIALED + MANUAL) + ",")
        .contains("without a DID " + MANUAL + ",");

    // agents change the ten newest answered calls' dispositions after delivery
    vici.sql(
        "UPDATE vicidial_log SET status = 'DNC' WHERE lead_id < 800000 AND length_in_sec > 0"
            + " ORDER BY call_date DESC LIMIT 10");
    vici.wholeReReadDue(); // a change to a call already final is seen by the whole re-read
    Vici.Result second = vici.run("run");
    Vici.Result third = vici.run("run");

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(third.exit()).isZero();
    assertThat(receiver.posts()).as("one record a call at the receiver").hasSize(DIALED + MANUAL);
    assertEveryDidCountedAsTheTruth();
    assertThat(vici.log())
        .contains("changed after delivery, not re-sent 10,")
        .contains("changed after delivery; not re-sent: [sync] resend = never");
    Vici.Result status = vici.run("status");
    assertThat(status.out())
        .contains(
            (DIALED + MANUAL - MANUAL)
                + " of "
                + (DIALED + MANUAL)
                + " posts counted against the DID that placed the call, "
                + MANUAL
                + " without a DID")
        .contains("changed after delivery, not re-sent: 10");
    Vici.Result reconcile = vici.run("reconcile", "--minutes", "180");
    assertThat(reconcile.exit()).as(reconcile.out() + reconcile.err()).isZero();
    assertThat(reconcile.out()).contains("changed after delivery, not re-sent: 10");

    int counted = 0;
    for (String d : STORED) {
      counted += receiver.did(d).totalCalls;
    }
    System.out.printf(
        "DIDs: %d of %d dialed calls counted against the DID that placed them, %d manual dials"
            + " without; %d records at the receiver for %d calls, after 10 changed after"
            + " delivery%n",
        counted, DIALED, MANUAL, receiver.posts().size(), DIALED + MANUAL);

    // a receiver that updates calls by uniqueid: each change is sent once
    vici.sync("resend = changes");
    vici.wholeReReadDue();
    Vici.Result resend = vici.run("run");
    assertThat(resend.exit()).as(resend.err()).isZero();
    vici.run("run");
    assertThat(receiver.posts()).hasSize(DIALED + MANUAL + 10);
    assertThat(receiver.countByUniqueid().values()).filteredOn(n -> n == 2).hasSize(10);
    assertThat(receiver.posts().subList(DIALED + MANUAL, DIALED + MANUAL + 10))
        .allSatisfy(
            p -> {
              assertThat(p.disposition()).isEqualTo("DNC");
              assertThat(p.body().get("phoneNumber").asText())
                  .as("the same DID as the first post")
                  .isEqualTo(body(p.uniqueid()).get("phoneNumber").asText())
                  .hasSize(10);
            });
  }
}
