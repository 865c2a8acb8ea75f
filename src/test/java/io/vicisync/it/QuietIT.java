package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cron mails whatever is printed. With VICIdial's schema and the README's minimal grant (SELECT on
 * vicidial_log only), the jar prints nothing of its own or of its libraries beyond each command's
 * documented output.
 */
class QuietIT extends ViciTest {

  @Test
  void theMinimalGrantGivesNoDriverChatterOnAnyCommand() throws Exception {
    String user = "min_" + vici.database;
    vici.minimalGrantUser(user, "localhost");
    vici.insertFinished(40, "1700000701.");

    Vici.Result run = vici.exec("022", 120, "run");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).as("stderr of run").isEmpty();
    assertThat(receiver.countByUniqueid()).hasSize(40);
    assertThat(vici.log())
        .contains("sending calls without")
        .contains(
            "GRANT SELECT ON "
                + vici.database
                + ".vicidial_log_extended TO '"
                + user
                + "'@'localhost'");

    Vici.Result status = vici.exec("022", 60, "status");
    assertThat(status.exit()).isZero();
    assertThat(status.err()).as("stderr of status").isEmpty();

    Vici.Result check = vici.exec("022", 60, "check");
    assertThat(check.out()).startsWith("VICISYNC OK").hasLineCount(1);
    assertThat(check.err()).as("stderr of check").isEmpty();

    Vici.Result doctor = vici.exec("022", 60, "doctor");
    assertThat(doctor.err()).as("stderr of doctor").isEmpty();
    assertThat(doctor.out()).doesNotContain("WARN").doesNotContain("org.mariadb");
  }

  @Test
  void withoutAUtf8LocaleTheMarksReachTheMailSpelledOutNotAsQuestionMarks() throws Exception {
    vici.insertFinished(3, "1700000703.");
    Map<String, String> cronsLocale = Map.of("LANG", "", "LC_ALL", "", "LC_CTYPE", "");
    Vici.Result doctor = vici.exec(cronsLocale, "022", 60, "doctor");
    assertThat(doctor.out()).contains("ok ").doesNotContain("?").doesNotContain("✓");
    Vici.Result dry = vici.exec(cronsLocale, "022", 60, "run", "--dry-run");
    assertThat(dry.out()).contains(" -> ").doesNotContain("?").doesNotContain("→");

    Vici.Result utf8 = vici.exec(Map.of("LC_ALL", "C.UTF-8"), "022", 60, "doctor");
    assertThat(utf8.out()).as("the same glyphs where UTF-8 shows").contains("✓");
  }

  @Test
  void aDatabaseErrorIsOneLineWithNoDriverLineBeforeIt() throws Exception {
    vici.dbUser("nobody_here", "wrong");
    vici.insertFinished(3, "1700000702.");
    Vici.Result run = vici.exec("022", 60, "run");
    assertThat(run.exit()).isEqualTo(77);
    assertThat(run.err())
        .startsWith("vicisync: ")
        .hasLineCount(1)
        .contains("database refused login");
  }
}
