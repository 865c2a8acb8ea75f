package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls as VICIdial really writes them: each case replays the statements of VICIdial's own code
 * (docs/VICIDIAL.md cites each), in its order, with its timing expressed in the epochs it writes,
 * against a real database, under cron's {@code run} and under {@code follow}. Every call must reach
 * the receiver once, with its final disposition.
 */
class LifecycleIT extends ViciTest {
  /** Short, so that the agent who closes the browser is posted within the test. */
  private static final String HOLD_MAX = "240";

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopFollow() {
    started.forEach(Process::destroyForcibly);
  }

  /** What each call must arrive as, by its call uniqueid. */
  private final Map<String, String> expected = new LinkedHashMap<>();

  private long t;

  private String id(int lead) {
    return (t - 400) + "." + lead;
  }

  private String prefix() {
    return Long.toString(t - 400);
  }

  private String at(long epoch) {
    return "FROM_UNIXTIME(" + epoch + ")";
  }

  // ---- the statements, as VICIdial's code writes them (columns it does not set are left out)

  /** agi/agi-VDAD_ALL_outbound.agi: the answered auto-dial call enters the queue. */
  private void dialerQueues(int lead, long start) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_log (uniqueid,lead_id,campaign_id,call_date,start_epoch,status,"
            + "phone_code,phone_number,user,processed,alt_dial,list_id,comments,called_count)"
            + " values('"
            + id(lead)
            + "',"
            + lead
            + ",'CAMP1',"
            + at(start)
            + ","
            + start
            + ",'QUEUE','1','312555"
            + lead
            + "0','VDAD','N','MAIN',998,'0.012',1)");
  }

  /** www/agc/vdc_db_query.php VDADcheckINCOMING: an agent takes the call. */
  private void agentTakes(int lead, String agent) throws Exception {
    vici.sql(
        "UPDATE vicidial_log set user='"
            + agent
            + "', comments='AUTO', list_id='998', status='INCALL', user_group='AGENTS' where"
            + " lead_id="
            + lead
            + " and uniqueid='"
            + id(lead)
            + "'");
    agentLogRow(lead, agent);
  }

  /** The agent's call cycle in vicidial_agent_log (vdc_db_query.php writes its talk and status). */
  private void agentLogRow(int lead, String agent) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_agent_log (user,server_ip,event_time,lead_id,campaign_id,"
            + "user_group) values('"
            + agent
            + "','10.0.0.5',"
            + at(t - 300)
            + ","
            + lead
            + ",'CAMP1','AGENTS')");
  }

  /** vdc_db_query.php manDiaLlogCaLL stage start: a manual dial is logged INCALL. */
  private void manualDialStarts(int lead, String agent, long start) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_log (uniqueid,lead_id,list_id,campaign_id,call_date,start_epoch,"
            + "status,phone_code,phone_number,user,comments,processed,user_group,alt_dial,"
            + "called_count) values('"
            + id(lead)
            + "',"
            + lead
            + ",'998','CAMP1',"
            + at(start)
            + ",'"
            + start
            + "','INCALL','1','312555"
            + lead
            + "0','"
            + agent
            + "','MANUAL','N','AGENTS','MAIN','1')");
    agentLogRow(lead, agent);
  }

  /** bin/FastAGI_log.pl at the customer's hang-up: a call with an agent keeps its status. */
  private void customerHangsUp(int lead, long end) throws Exception {
    vici.sql(
        "UPDATE vicidial_log FORCE INDEX(lead_id) set term_reason='CALLER', end_epoch='"
            + end
            + "',length_in_sec=("
            + end
            + " - start_epoch) where lead_id = "
            + lead
            + " and uniqueid LIKE \""
            + prefix()
            + "%\"");
  }

  /**
   * vdc_db_query.php manDiaLlogCaLL stage end: end_epoch and length, then INCALL turns into DISPO
   * (ALTNUM with alternate-number dialing).
   */
  private void agentScreenHangsUp(int lead, String agent, long end, String statusDispo)
      throws Exception {
    vici.sql(
        "UPDATE vicidial_log SET term_reason='AGENT', end_epoch='"
            + end
            + "',length_in_sec=("
            + end
            + " - start_epoch),uniqueid='"
            + id(lead)
            + "',alt_dial='MAIN',user='"
            + agent
            + "' where lead_id="
            + lead
            + " and user IN('"
            + agent
            + "','VDAD') and phone_number='312555"
            + lead
            + "0' and uniqueid LIKE \""
            + prefix()
            + "%\" and called_count='1'");
    vici.sql(
        "UPDATE vicidial_log set status='"
            + statusDispo
            + "' where uniqueid='"
            + id(lead)
            + "' and lead_id="
            + lead
            + " and user='"
            + agent
            + "' and called_count='1' and status='INCALL' order by call_date desc limit 1");
    vici.sql(
        "UPDATE vicidial_agent_log set talk_sec=60,dispo_epoch="
            + end
            + ",uniqueid='"
            + id(lead)
            + "' where lead_id="
            + lead
            + " and user='"
            + agent
            + "'");
  }

  /** vdc_db_query.php updateDISPO: the agent's choice, in the call log then the agent log. */
  private void agentDispositions(int lead, String agent, String status) throws Exception {
    vici.sql(
        "UPDATE vicidial_log set status='"
            + status
            + "' where lead_id="
            + lead
            + " and user='"
            + agent
            + "' and call_date > "
            + at(t - 4 * 3600)
            + " order by uniqueid desc limit 1");
    agentLogDisposition(lead, agent, status);
  }

  private void agentLogDisposition(int lead, String agent, String status) throws Exception {
    vici.sql(
        "UPDATE vicidial_agent_log set dispo_sec=120,status='"
            + status
            + "',uniqueid='"
            + id(lead)
            + "' where lead_id="
            + lead
            + " and user='"
            + agent
            + "'");
  }

  /** agi/agi-VDAD_ALL_inbound.agi: the call enters an in-group's queue. */
  private void inGroupQueues(int lead, long start) throws Exception {
    vici.sql(
        "INSERT INTO vicidial_closer_log SET lead_id='"
            + lead
            + "', campaign_id='CLOSERS', call_date="
            + at(start)
            + ", start_epoch='"
            + start
            + "', status='QUEUE', phone_code='1', phone_number='312555"
            + lead
            + "0', user='VDCL', processed='N', uniqueid='"
            + id(lead)
            + "', list_id='998'");
  }

  /** vdc_db_query.php VDADcheckINCOMING for an in-group call. */
  private void closerTakes(int lead, String agent) throws Exception {
    vici.sql(
        "UPDATE vicidial_closer_log set user='"
            + agent
            + "', comments='AUTO', list_id='998', status='INCALL', user_group='AGENTS' where"
            + " lead_id="
            + lead
            + " order by closecallid desc limit 1");
    agentLogRow(lead, agent);
  }

  /**
   * FastAGI_log.pl (end_epoch, term_reason CALLER for an INCALL row), then manDiaLlogCaLL end's
   * INBOUND branch (INCALL turns into DISPO).
   */
  private void closerCallEnds(int lead, String agent, long end) throws Exception {
    vici.sql(
        "UPDATE vicidial_closer_log set term_reason='CALLER', end_epoch='"
            + end
            + "',length_in_sec=("
            + end
            + " - start_epoch) where lead_id="
            + lead
            + " order by closecallid desc limit 1");
    vici.sql(
        "UPDATE vicidial_closer_log set end_epoch='"
            + end
            + "', length_in_sec=("
            + end
            + " - start_epoch) ,status='DISPO' where lead_id="
            + lead
            + " and user='"
            + agent
            + "' and call_date > "
            + at(t - 4 * 3600)
            + " order by closecallid desc limit 1");
  }

  /** vdc_db_query.php updateDISPO for an inbound call. */
  private void closerDispositions(int lead, String agent, String status) throws Exception {
    vici.sql(
        "UPDATE vicidial_closer_log set status='"
            + status
            + "' where lead_id="
            + lead
            + " and user='"
            + agent
            + "' order by closecallid desc limit 1");
    agentLogDisposition(lead, agent, status);
  }

  // ---- the cases, step by step: every case's first step, a tick, every case's second, ...

  private void step1() throws Exception {
    // 801: an auto-dialled call answered by an agent, with a 2-minute wrap-up
    dialerQueues(801, t - 400);
    agentTakes(801, "agent1");
    // 802: a manual dial: no row until hang-up, then DONEM
    // 803: a manual dial with alternate-number dialing: ALTNUM in wrap-up
    manualDialStarts(803, "agent3", t - 400);
    // 804: an answering machine: AA, AM while the message plays, then AL
    dialerQueues(804, t - 400);
    // 805: a drop: nobody took it from the queue
    dialerQueues(805, t - 400);
    // 806: transferred to an in-group, where a closer sells
    dialerQueues(806, t - 400);
    agentTakes(806, "agent6");
    // 807: an inbound call
    inGroupQueues(807, t - 400);
    closerTakes(807, "agent7");
    // 808: an agent who closes the browser on the disposition screen
    dialerQueues(808, t - 400);
    agentTakes(808, "agent8");
  }

  private void step2() throws Exception {
    customerHangsUp(801, t - 201);
    agentScreenHangsUp(801, "agent1", t - 200, "DISPO");
    // vdc_db_query.php manDiaLlogCaLL end: no row for the manual dial yet, so it inserts DONEM
    vici.sql(
        "INSERT INTO vicidial_log SET term_reason='AGENT', end_epoch='"
            + (t - 200)
            + "',length_in_sec='60',uniqueid='"
            + id(802)
            + "',lead_id=802,list_id='998',campaign_id='CAMP1',call_date="
            + at(t - 200)
            + ",start_epoch='"
            + (t - 200)
            + "',status='DONEM',phone_code='1',phone_number='3125558020',user='agent2',"
            + "comments='MANUAL',processed='N',user_group='AGENTS',alt_dial='MAIN',called_count='1'");
    agentLogRow(802, "agent2");
    agentScreenHangsUp(803, "agent3", t - 200, "ALTNUM");
    // agi/VD_amd.agi: AMD says machine (AA, with end_epoch), the campaign leaves a message (AM)
    vici.sql(
        "UPDATE vicidial_log set status='AA',end_epoch='"
            + (t - 230)
            + "',length_in_sec='170',list_id='998',called_count='1' where uniqueid='"
            + id(804)
            + "' and  lead_id='804' order by call_date desc limit 1");
    vici.sql(
        "UPDATE vicidial_log set status='AM' where uniqueid='"
            + id(804)
            + "' and lead_id='804' order by call_date desc limit 1");
    // bin/FastAGI_log.pl: a QUEUE row at hang-up is a drop
    vici.sql(
        "UPDATE vicidial_log FORCE INDEX(lead_id) set status='DROP',term_reason='ABANDON',"
            + " end_epoch='"
            + (t - 200)
            + "',length_in_sec='200' where lead_id = 805 and uniqueid LIKE \""
            + prefix()
            + "%\"");
    // 806: agent6 sends the call to the CLOSERS in-group, a closer takes it, agent6 hangs up
    inGroupQueues(806, t - 250);
    closerTakes(806, "closer6");
    // www/agc/manager_send.php RedirectVD: the blind transfer ends agent6's leg as XFER
    vici.sql(
        "UPDATE vicidial_log set end_epoch='"
            + (t - 245)
            + "', length_in_sec='155',status='XFER' where uniqueid='"
            + id(806)
            + "'");
    agentScreenHangsUp(806, "agent6", t - 245, "DISPO");
    agentDispositions(806, "agent6", "XFER");
    customerHangsUp(808, t - 226);
    agentScreenHangsUp(808, "agent8", t - 225, "DISPO");
  }

  private void step3() throws Exception {
    agentDispositions(801, "agent1", "SALE"); // two minutes after hang-up
    // updateDISPO, manual path: by lead and called_count within 4 hours
    vici.sql(
        "UPDATE vicidial_log set status='NI',user='agent2' where lead_id=802 and call_date > "
            + at(t - 4 * 3600)
            + " and called_count='1' order by uniqueid desc limit 1");
    agentLogDisposition(802, "agent2", "NI");
    agentDispositions(803, "agent3", "CALLBK");
    // VD_amd.agi: the message played
    vici.sql(
        "UPDATE vicidial_log set status='AL' where uniqueid='"
            + id(804)
            + "' and lead_id='804' order by call_date desc limit 1");
    closerCallEnds(806, "closer6", t - 150);
    closerCallEnds(807, "agent7", t - 200);
  }

  private void step4() throws Exception {
    closerDispositions(806, "closer6", "SALE");
    closerDispositions(807, "agent7", "NI");
  }

  private void expect() {
    expected.put(id(801), "SALE");
    expected.put(id(802), "NI");
    expected.put(id(803), "CALLBK");
    expected.put(id(804), "AL");
    expected.put(id(805), "DROP");
    expected.put(id(806), "SALE");
    expected.put(id(807), "NI");
    expected.put(id(808), "DISPO"); // what VICIdial holds, once --hold-max has passed
  }

  private Map<String, String> arrived() {
    Map<String, String> got = new LinkedHashMap<>();
    for (Receiver.Post p : receiver.posts()) {
      got.merge(p.uniqueid(), p.disposition(), (a, b) -> a + "," + b);
    }
    return got;
  }

  @Test
  void underCronEveryCallArrivesOnceWithItsFinalDisposition() throws Exception {
    t = vici.dbNow();
    expect();
    String[] args = {"--source", "both", "--hold-max", HOLD_MAX};
    step1();
    cron(args);
    step2();
    cron(args);
    assertThat(arrived())
        .as("in wrap-up, in the message, or on the in-group: nothing final to send yet")
        .containsOnlyKeys(id(805));
    cron(args); // a minute of wrap-up later: still nothing
    step3();
    cron(args);
    step4();
    cron(args);
    assertThat(arrived()).doesNotContainKey(id(808));
    // the agent who closed the browser: --hold-max after the hang-up, sent as VICIdial holds it
    Vici.await(() -> dbNow() > t - 225 + Long.parseLong(HOLD_MAX), 60, "hold_max to pass");
    cron(args);
    cron(args);
    assertThat(arrived()).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void underFollowEveryCallArrivesOnceWithItsFinalDisposition() throws Exception {
    t = vici.dbNow();
    expect();
    Process p =
        vici.start(
            List.of("-Xmx64m"),
            "follow",
            "--source",
            "both",
            "--hold-max",
            HOLD_MAX,
            "--interval",
            "0.5");
    started.add(p);
    Vici.await(() -> logHas("follow: vicisync"), 30, "follow to start");
    step1();
    pollsPass();
    step2();
    Vici.await(() -> arrived().containsKey(id(805)), 30, "the drop");
    pollsPass(); // the wrap-up goes on for several polls
    assertThat(arrived()).containsOnlyKeys(id(805));
    step3();
    pollsPass();
    step4();
    Vici.await(() -> arrived().size() == expected.size(), 90, "every call");
    pollsPass();
    assertThat(arrived()).containsExactlyInAnyOrderEntriesOf(expected);
  }

  private void cron(String... args) {
    Vici.Result r = vici.run("run", args);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  /** Time passing on the dialer: follow polls every 0.5 s, so a few polls go by. */
  private static void pollsPass() throws InterruptedException {
    Thread.sleep(2_500);
  }

  private long dbNow() {
    try {
      return vici.dbNow();
    } catch (Exception e) {
      return 0;
    }
  }

  private boolean logHas(String s) {
    try {
      return vici.log().contains(s);
    } catch (Exception e) {
      return false;
    }
  }
}
