package io.vicisync.cli;

import io.vicisync.ops.Doctor;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
          + " the state directory, log file and lock. Changes nothing.",
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

  DoctorCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    return new Doctor(out).run(() -> settings(true)).code();
  }
}
