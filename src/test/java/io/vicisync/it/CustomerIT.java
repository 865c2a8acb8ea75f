package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.it.Vici.Call;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * What the DID Optimizer picks local caller IDs by and learns ring time from: the customer's state,
 * city and zip from vicidial_list, the agent's talk time from vicidial_agent_log, with VICIdial's
 * own definitions of both tables.
 */
class CustomerIT extends ViciTest {

  private void lead(long id, String state, String city, String zip) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_list (lead_id, entry_date, list_id, phone_code, phone_number,"
            + " city, state, postal_code) VALUES ("
            + id
            + ", NOW(), 1001, '1', '5551230000', '"
            + city
            + "', '"
            + state
            + "', '"
            + zip
            + "')");
  }

  private void agentLeg(long lead, String uniqueid, int talkSec) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_agent_log (user, server_ip, event_time, lead_id, campaign_id,"
            + " talk_sec, status, uniqueid) VALUES ('agent7', '10.0.0.5', NOW(), "
            + lead
            + ", 'CAMP1', "
            + talkSec
            + ", 'SALE', '"
            + uniqueid
            + "')");
  }

  private JsonNode body(String uniqueid) {
    return receiver.first(uniqueid);
  }

  @Test
  void callsArriveWithWhereTheCustomerIsAndHowLongTheAgentsTalked() throws Exception {
    long t = vici.dbNow() - 400;
    vici.insert(
        new Call("1800000050.1", vici.local(t), t)
            .lead(501)
            .phone("(555) 123-4567")
            .answered(60, "SALE"),
        new Call("1800000050.2", vici.local(t + 5), t + 5).lead(502).status("NA"),
        new Call("1800000050.3", vici.local(t + 9), t + 9).lead(503).answered(30, "NI"),
        new Call("1800000050.4", vici.local(t + 12), t + 12).lead(504).answered(50, "XFER"));
    lead(501, "IL", "Chicago", "60601");
    lead(502, "TX", "Austin", "");
    // 503 was deleted from vicidial_list; 504 has no agent log row
    lead(504, "NY", "Albany", "12207");
    agentLeg(501, "1800000050.1", 25);
    agentLeg(501, "1800000050.1", 20); // a transfer: a second agent's leg of the same call
    agentLeg(501, "1700000000.9", 300); // the same lead's earlier call

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode answered = body("1800000050.1");
    assertThat(answered.get("customerState").asText()).isEqualTo("IL");
    assertThat(answered.get("customerCity").asText()).isEqualTo("Chicago");
    assertThat(answered.get("customerZip").asText()).isEqualTo("60601");
    assertThat(answered.get("customerPhone").asText()).isEqualTo("5551234567");
    assertThat(answered.get("talkTime").asInt())
        .as("both legs, not the earlier call")
        .isEqualTo(45);
    assertThat(answered.get("source").asText()).isEqualTo("vicisync");

    JsonNode unanswered = body("1800000050.2");
    assertThat(unanswered.get("customerState").asText()).isEqualTo("TX");
    assertThat(unanswered.has("customerZip")).as("an empty zip is left out").isFalse();
    assertThat(unanswered.get("talkTime").asInt()).isZero();

    JsonNode noLead = body("1800000050.3");
    assertThat(noLead.has("customerState")).isFalse();
    assertThat(noLead.has("customerCity")).isFalse();
    assertThat(noLead.has("talkTime")).as("answered, but no agent row: not known").isFalse();

    assertThat(body("1800000050.4").get("customerCity").asText()).isEqualTo("Albany");

    // a late agent-log row is not worth a second post: the fields are outside the fingerprint
    agentLeg(503, "1800000050.3", 28);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests()).isEqualTo(4);
  }

  @Test
  void withoutTheGrantsEveryCallStillArrivesSilentlyAndTheLogNamesTheGrant() throws Exception {
    String user = "cron_" + vici.database;
    vici.minimalGrantUser(user, "localhost");
    long t = vici.dbNow() - 300;
    vici.insert(new Call("1800000051.1", vici.local(t), t).lead(601).answered(40, "SALE"));
    lead(601, "IL", "Chicago", "60601");

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isZero();
    assertThat(r.out() + r.err()).isEmpty();
    assertThat(receiver.countByUniqueid()).containsOnlyKeys("1800000051.1");
    assertThat(body("1800000051.1").has("customerState")).isFalse();
    assertThat(vici.log())
        .contains(
            "GRANT SELECT ON " + vici.database + ".vicidial_list TO '" + user + "'@'localhost';")
        .contains(
            "GRANT SELECT ON "
                + vici.database
                + ".vicidial_agent_log TO '"
                + user
                + "'@'localhost';");
  }

  @Test
  void anInboundCallArrivesWithItsTalkTime() throws Exception {
    long t = vici.dbNow() - 400;
    vici.sql(
        "INSERT INTO vicidial_closer_log (lead_id, list_id, campaign_id, call_date, start_epoch,"
            + " end_epoch, length_in_sec, status, phone_code, phone_number, user, processed,"
            + " queue_seconds, user_group, term_reason, uniqueid) VALUES (701, 998, 'SALESLINE',"
            + " '"
            + vici.local(t)
            + "', "
            + t
            + ", "
            + (t + 90)
            + ", 90, 'SALE', '1', '3125550199', 'agent7', 'N', 4.5, 'AGENTS', 'CALLER',"
            + " '1800000052.1')");
    lead(701, "WA", "Seattle", "98101");
    agentLeg(701, "1800000052.1", 70);

    assertThat(vici.run("run", "--source", "inbound").exit()).isZero();

    JsonNode in = body("1800000052.1");
    assertThat(in.get("talkTime").asInt()).isEqualTo(70);
    assertThat(in.get("customerState").asText()).isEqualTo("WA");
    assertThat(in.get("callDirection").asText()).isEqualTo("inbound");
  }

  @Test
  void inPrivacyModeTheCustomersPlaceNeverReachesTheLog() throws Exception {
    vici.sync("enrich = 1");
    long t = vici.dbNow() - 300;
    vici.insert(new Call("1800000053.1", vici.local(t), t).lead(801).answered(20, "SALE"));
    lead(801, "IL", "Evanston", "60201");
    Files.writeString(
        vici.didsConf,
        Files.readString(vici.didsConf).replace("privacy_mode = 0", "privacy_mode = 1"));

    assertThat(vici.run("run").exit()).isZero();

    assertThat(body("1800000053.1").get("customerCity").asText()).isEqualTo("Evanston");
    assertThat(vici.log()).doesNotContain("Evanston").doesNotContain("60201");
    assertThat(vici.run("status").out()).doesNotContain("Evanston");
  }
}
