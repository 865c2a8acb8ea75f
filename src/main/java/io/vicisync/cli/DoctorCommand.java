package io.vicisync.cli;

import io.vicisync.ops.Doctor;
import io.vicisync.ops.OtherSenders;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks everything a working sync needs, one ✓ or ✗ line each, with what to do: the"
          + " configuration files and where each setting came from (secrets masked), files"
          + " others can read, the database login, SELECT on every table vicisync reads and"
          + " their columns, that the poll query uses the call_date index (EXPLAIN), the time"
          + " zones, the receiver and its key (GET /api/v1/health), plain http to another host,"
          + " the state directory, log file and lock, and that nothing else sends the same calls"
          + " (the DID Optimizer's hang-up AGI in the dialplan, the old Perl scripts in a"
          + " crontab). Changes nothing.",
      "",
      "Exit 0 when every check passed, 1 when any failed.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync doctor",
      "  vicisync doctor --source both --dids-conf /etc/asterisk/dids.conf"
    })
final class DoctorCommand extends SettingsCommand {
  @Mixin SourceOption source = new SourceOption();

  @Option(
      names = "--asterisk-dir",
      paramLabel = "DIR",
      description =
          "Where the dialplan is: extensions*.conf and what they #include. Default: /etc/asterisk.")
  Path asteriskDir = OtherSenders.ASTERISK;

  @Option(
      names = "--crontab",
      paramLabel = "PATH",
      description =
          "A crontab, or a directory of them, to look for the old scripts in (repeatable)."
              + " Default: /etc/crontab, /etc/cron.d, /var/spool/cron and /var/spool/cron/crontabs.")
  List<Path> crontabs = OtherSenders.CRONTABS;

  DoctorCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    return new Doctor(out, asteriskDir, crontabs).run(() -> settings(true)).code();
  }
}
