package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@code vicisync dids} over a generated data set equals the truth per DID, computed here from the
 * data set itself, with the DID Optimizer's result mapping written out again from its server's code
 * (POST /api/v1/call-results), not taken from vicisync.
 */
class DidsIT extends ViciTest {
  /** The caller IDs as VICIdial's dial log writes them, and the DID each one is. */
  private static final String[][] CALLER_IDS = {
    {"\"V1121000100000000501\" <3125550101>", "3125550101"},
    {"3125550102", "3125550102"},
    {"13125550103", "3125550103"},
    {null, null} // no dial rows: no DID
  };

  private static final String[] DIAL = {"ANSWER", "BUSY", "NOANSWER", "CONGESTION", null};
  private static final String[] STATUS = {"SALE", "NI", "NA", "DROP", "XFER", "A", "PDROP"};

  /** One generated call and what its rows say. */
  private record Gen(
      String uniqueid,
      String did,
      String dial,
      String status,
      String amd,
      Integer talk,
      String campaign,
      boolean refused) {}

  /** The optimizer's mapping, as server-full.js writes it. */
  private static String result(String dial, String disposition) {
    if (dial != null) {
      return switch (dial) {
        case "ANSWER" -> "answered";
        case "BUSY" -> "busy";
        case "CONGESTION", "CHANUNAVAIL" -> "failed";
        default -> "noAnswer";
      };
    }
    if (disposition.equals("SALE") || disposition.equals("A")) {
      return "answered";
    }
    if (List.of("DNC", "B", "CB", "NA", "NO", "N", "NI").contains(disposition)) {
      return "noAnswer";
    }
    if (disposition.equals("BUSY")) {
      return "busy";
    }
    if (disposition.equals("DROP") || disposition.equals("AMD")) {
      return "dropped";
    }
    return "failed";
  }

  private List<Gen> generate(int n) throws Exception {
    long base = vici.dbNow() - 3400; // within a first run's 60-minute lookback
    List<Gen> calls = new ArrayList<>();
    vici.sql(
        "INSERT INTO vicidial_statuses (status, status_name, sale) VALUES ('SALE','Sale','Y'),"
            + " ('NI','Not interested','N')");
    vici.sql(
        "INSERT INTO vicidial_campaign_statuses (status, campaign_id, sale) VALUES"
            + " ('XFER','CAMP1','Y')");
    for (int i = 0; i < n; i++) {
      long start = base + i * 37L;
      String id = start + "." + i;
      String[] cid = CALLER_IDS[i % CALLER_IDS.length];
      String dial = cid[0] == null ? null : DIAL[i % DIAL.length];
      String status = STATUS[i % STATUS.length];
      String amd = cid[0] == null ? null : i % 3 == 0 ? "MACHINE" : i % 5 == 0 ? "HUMAN" : null;
      Integer talk = i % 2 == 0 ? 10 + i : null;
      String campaign = i % 2 == 0 ? "CAMP1" : "CAMP2";
      int length = 30 + i;
      long lead = 900L + i;
      vici.sql(
          "INSERT INTO vicidial_log (uniqueid, lead_id, list_id, campaign_id, call_date,"
              + " start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number, user)"
              + " VALUES ('"
              + id
              + "', "
              + lead
              + ", 1, '"
              + campaign
              + "', '"
              + vici.local(start)
              + "', "
              + start
              + ", "
              + (start + length)
              + ", "
              + length
              + ", '"
              + status
              + "', '1', '5550"
              + (1000 + i)
              + "', 'agent1')");
      String code = String.format("V1121%015d", i);
      if (cid[0] != null) {
        vici.sql(
            "INSERT INTO vicidial_log_extended (uniqueid, server_ip, call_date, lead_id,"
                + " caller_code) VALUES ('"
                + id
                + "', '10.0.0.5', '"
                + vici.local(start)
                + "', "
                + lead
                + ", '"
                + code
                + "')");
        vici.sql(
            "INSERT INTO vicidial_dial_log (caller_code, lead_id, server_ip, call_date,"
                + " outbound_cid) VALUES ('"
                + code
                + "', "
                + lead
                + ", '10.0.0.5', '"
                + vici.local(start)
                + "', '"
                + cid[0].replace("'", "''")
                + "')");
      }
      if (dial != null) {
        vici.sql(
            "INSERT INTO vicidial_carrier_log (uniqueid, call_date, server_ip, lead_id,"
                + " hangup_cause, dialstatus, channel, dial_time, answered_time, caller_code)"
                + " VALUES ('"
                + start
                + ".9', '"
                + vici.local(start)
                + "', '10.0.0.5', "
                + lead
                + ", 16, '"
                + dial
                + "', 'SIP/c', 9, 5, '"
                + code
                + "')");
      }
      if (amd != null) {
        vici.sql(
            "INSERT INTO vicidial_amd_log (call_date, caller_code, lead_id, server_ip,"
                + " AMDSTATUS, AMDCAUSE) VALUES ('"
                + vici.local(start + 2)
                + "', '"
                + code
                + "', "
                + lead
                + ", '10.0.0.5', '"
                + amd
                + "', '"
                + amd
                + "-1-2-3')");
      }
      if (talk != null) {
        vici.sql(
            "INSERT INTO vicidial_agent_log (user, server_ip, event_time, lead_id, talk_sec,"
                + " uniqueid) VALUES ('agent1', '10.0.0.5', '"
                + vici.local(start)
                + "', "
                + lead
                + ", "
                + talk
                + ", '"
                + id
                + "')");
      }
      calls.add(new Gen(id, cid[1], dial, status, amd, talk, campaign, i % 7 == 0));
    }
    return calls;
  }

  /** The truth per DID (null key: no DID), computed from the generated calls alone. */
  private static Map<String, Map<String, Long>> truth(List<Gen> calls, String campaign) {
    Map<String, Map<String, Long>> t = new TreeMap<>(Comparator.nullsLast(String::compareTo));
    for (Gen c : calls) {
      if (campaign != null && !campaign.equals(c.campaign())) {
        continue;
      }
      Map<String, Long> m = t.computeIfAbsent(c.did(), k -> new TreeMap<>());
      m.merge("calls", 1L, Long::sum);
      m.merge(result(c.dial(), c.status()), 1L, Long::sum);
      if ("MACHINE".equals(c.amd())) {
        m.merge("machine", 1L, Long::sum);
      }
      if ("HUMAN".equals(c.amd())) {
        m.merge("human", 1L, Long::sum);
      }
      if (c.status().equals("DROP") || c.status().equals("PDROP")) {
        m.merge("drops", 1L, Long::sum);
      }
      if (c.status().equals("SALE")
          || (c.status().equals("XFER") && c.campaign().equals("CAMP1"))) {
        m.merge("sales", 1L, Long::sum);
      }
      if (c.talk() != null) {
        m.merge(
            "talkSum",
            (long)
                Math.min(
                    c.talk(),
                    30 + Integer.parseInt(c.uniqueid().substring(c.uniqueid().indexOf('.') + 1))),
            Long::sum);
        m.merge("talked", 1L, Long::sum);
      }
      if (!c.refused()) {
        m.merge("acknowledged", 1L, Long::sum);
      }
    }
    return t;
  }

  @Test
  void perDidFiguresEqualTheTruthComputedFromTheDataSet() throws Exception {
    List<Gen> calls = generate(84);
    receiver.script(
        (n, body) -> {
          String id = body.path("uniqueid").asText();
          int i = Integer.parseInt(id.substring(id.indexOf('.') + 1));
          return i % 7 == 0 ? new Receiver.Reply(400, "{\"success\":false}", Map.of()) : null;
        });
    assertThat(vici.run("run").exit()).isIn(0, 65);

    for (String campaign : new String[] {null, "CAMP1"}) {
      List<String> args = new ArrayList<>(List.of("--json", "--minutes", "1440"));
      if (campaign != null) {
        args.addAll(List.of("--campaign", campaign));
      }
      Vici.Result r = vici.run("dids", args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode got = new ObjectMapper().readTree(r.out());
      Map<String, Map<String, Long>> expected = truth(calls, campaign);
      assertThat(got).hasSize(expected.size());
      for (JsonNode line : got) {
        String did = line.get("did").isNull() ? null : line.get("did").asText();
        Map<String, Long> e = expected.get(did);
        assertThat(e).as("DID " + did).isNotNull();
        for (String f :
            List.of(
                "calls",
                "answered",
                "busy",
                "noAnswer",
                "failed",
                "dropped",
                "machine",
                "human",
                "drops",
                "sales",
                "acknowledged")) {
          assertThat(line.get(f).asLong()).as(did + " " + f).isEqualTo(e.getOrDefault(f, 0L));
        }
        long calls0 = e.get("calls");
        assertThat(line.get("answerRate").asDouble())
            .as(did + " answerRate")
            .isCloseTo((double) e.getOrDefault("answered", 0L) / calls0, Offset.offset(0.0001));
        double avg =
            e.getOrDefault("talked", 0L) == 0 ? 0 : (double) e.get("talkSum") / e.get("talked");
        assertThat(line.get("averageTalkSeconds").asDouble())
            .as(did + " averageTalkSeconds")
            .isCloseTo(avg, Offset.offset(0.051));
      }
    }
    Vici.Result table = vici.run("dids", "--sort", "answer_rate");
    System.out.println("DidsIT: vicisync dids --sort answer_rate\n" + table.out());
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("DID");
    assertThat(table.out().lines().reduce((a, b) -> b).orElseThrow()).startsWith("(no DID)");
    Vici.Result bad = vici.run("dids", "--sort", "bogus");
    assertThat(bad.exit()).isEqualTo(64);
    assertThat(bad.err()).contains("--sort bogus: sort by one of did, calls");
  }
}
