package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.Json;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any value VICIdial can hold, in each character set VICIdial installs use: every row goes out or
 * is dead-lettered with its reason, none stops the others, and none reaches the log raw.
 */
class HostileRowsIT extends ViciTest {
  private static final String ESC = "\u001b";

  /** One row: uniqueid, campaign, phone, status, length, end offset from start, comments. */
  private record Row(
      String uniqueid,
      String campaign,
      String phone,
      String status,
      Integer length,
      Integer endAfterStart,
      String comments) {}

  @ParameterizedTest
  @ValueSource(strings = {"latin1", "utf8mb3", "utf8mb4"})
  void everyRowIsDeliveredOrDeadLetteredAndTheLogStaysOneLinePerEvent(String charset)
      throws Exception {
    vici.sql("ALTER TABLE vicidial_log CONVERT TO CHARACTER SET " + charset);
    String wide = charset.equals("utf8mb4") ? "😀 emoji" : "é è ü ß €";
    // a C1 control character the charset can hold (MariaDB's latin1 is cp1252: 0x81 is U+0081)
    String c1 = charset.equals("latin1") ? "\u0081" : "\u009b";
    List<Row> rows =
        List.of(
            new Row("1700000400.1", "CAMP1", "5551230001", "SALE", 30, 30, "plain"),
            new Row("17000004\u0001.2", "CAMP1", "5551230002", "NA", 0, 0, null),
            new Row("1700000400€3", "CAMP1", "5551230003", "NA", 0, 0, null),
            new Row("1700000400.4", null, "5551230004", "NA", 0, 0, null),
            new Row("1700000400.5", "CAMP1", null, "NA", 0, 0, null),
            new Row("1700000400.6", "CAMP1", "555\n" + ESC + "[2J12", "B", 0, 0, "a\r\nforged"),
            new Row("1700000400.7", "CAMP1", "5551230007", "SALE", 12, 12, "é".repeat(255)),
            new Row("1700000400.8", "CAMP1", "5551230008", "DROP", -5, 0, wide),
            new Row("1700000400.9", "CAMP1", "5551230009", "SALE", 40, -100, null),
            new Row("1700000400.10", "CAMP1", "5551230010", null, null, 0, null),
            new Row("1700000400.11", "CAMP1", "5551230011", "", 0, 0, ""),
            new Row("1700000400.12", "", "", "NA", 0, 0, null),
            new Row(
                "1700000400.13",
                "C" + ESC + "]0;x",
                "5551230013",
                "N" + c1 + "A",
                0,
                0,
                c1 + "31m"));
    insert(rows);

    Vici.Result first = vici.run("run");

    assertThat(first.exit()).as(first.err()).isIn(0, 65);
    assertThat(first.err()).doesNotContain("Exception").doesNotContain(ESC).doesNotContain(c1);
    Set<String> delivered = receiver.countByUniqueid().keySet();
    Set<String> dead = new HashSet<>();
    if (vici.deadLetters().exists()) {
      for (String l : Files.readAllLines(vici.deadLetters().toPath())) {
        dead.add(Json.MAPPER.readTree(l).get("uniqueid").asText());
      }
    }
    Set<String> all = new HashSet<>(delivered);
    all.addAll(dead);
    assertThat(all)
        .as("every row delivered or dead-lettered")
        .containsExactlyInAnyOrderElementsOf(rows.stream().map(Row::uniqueid).toList());
    assertThat(dead)
        .as("only the rows the receiver refuses")
        .containsExactlyInAnyOrder("1700000400.4", "1700000400.5", "1700000400.12");
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1700000400.8"))
        .singleElement()
        .satisfies(p -> assertThat(p.body().get("comments").asText()).isEqualTo(wide));
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("17000004\u0001.2"))
        .singleElement()
        .satisfies(
            p -> assertThat(p.headers().get("Idempotency-Key")).startsWith("17000004%01.2:"));
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1700000400€3"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.headers().get("Idempotency-Key")).startsWith("1700000400%E2%82%AC3:"));

    String log = vici.log();
    assertThat(log).doesNotContain(ESC).doesNotContain(c1).doesNotContain("\r");
    assertThat(log.lines())
        .as("no forged line: every line is one of ours")
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d" + " vicisync\\[\\d+\\]: .*"));
    assertThat(log).contains("555\\n\\x1b[2J12");

    Vici.Result second = vici.run("run");
    assertThat(second.exit()).isZero();
    assertThat(receiver.requests()).as("nothing again").isEqualTo(rows.size());
  }

  private void insert(List<Row> rows) throws Exception {
    long now = vici.dbNow();
    List<String> done = new ArrayList<>();
    try (Connection c = vici.connect();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO vicidial_log (uniqueid, lead_id,"
                    + " list_id, campaign_id, call_date, start_epoch, end_epoch, length_in_sec, status,"
                    + " phone_code, phone_number, user, comments, processed, user_group, term_reason,"
                    + " alt_dial, called_count) VALUES (?,?,NULL,?,?,?,?,?,?,NULL,?,NULL,?,NULL,NULL,"
                    + "NULL,NULL,NULL)")) {
      int i = 0;
      for (Row r : rows) {
        long start = now - 400 + i++;
        st.setString(1, r.uniqueid());
        st.setLong(2, 4000 + i);
        st.setString(3, r.campaign());
        st.setString(4, vici.local(start));
        st.setLong(5, start);
        st.setLong(6, start + r.endAfterStart());
        st.setObject(7, r.length());
        st.setString(8, r.status());
        st.setString(9, r.phone());
        st.setString(10, r.comments());
        st.executeUpdate();
        done.add(r.uniqueid());
      }
    }
    assertThat(done).hasSize(rows.size());
  }
}
