package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.Setting;
import io.vicisync.ops.HealthCheck.State;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;

/** The command line. {@link #run} never exits the JVM, so tests call it directly. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // the charsets Java writes stdout and stderr in: from the locale, ASCII under cron without LANG
    System.exit(
        run(
            args,
            System.getenv(),
            PlainText.fit(System.out, PlainText.streamCharset("stdout.encoding")),
            PlainText.fit(System.err, PlainText.streamCharset("stderr.encoding"))));
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String first = args.length > 0 ? args[0] : "";
    if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      // what a package check or a monitoring probe asks often: no command model to build for it
      out.println(VicisyncCommand.VersionProvider.line());
      out.flush();
      return ExitCode.OK.code();
    }
    Optional<Callable<Integer>> quick = QuickLine.of(args, env, out, err);
    if (quick.isPresent()) {
      try {
        return quick.get().call();
      } catch (Exception e) {
        return failed(e, err);
      }
    }
    String invoked = SUBCOMMANDS.contains(first) ? first : null;
    return commandLine(env, out, err, invoked).execute(args);
  }

  /** How a command that threw ends: a user's error in one line, anything else reported. */
  private static int failed(Exception ex, PrintStream err) {
    if (ex instanceof VicisyncException v) {
      err.println("vicisync: error: " + Text.safe(v.getMessage()));
      return v.exitCode().code();
    }
    err.println("vicisync: internal error, please report it: " + ex);
    ex.printStackTrace(err);
    return ExitCode.INTERNAL.code();
  }

  /** The subcommands' names, as typed: the one a command line starts with is all it builds. */
  static final Set<String> SUBCOMMANDS =
      Set.of(
          "run",
          "follow",
          "backfill",
          "reconcile",
          "dids",
          "status",
          "check",
          "doctor",
          "dead-letters");

  /** Every command, ready to execute; also what the bash completion script is generated from. */
  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    return commandLine(env, out, err, null);
  }

  /**
   * {@code only}: the subcommand the command line names, the one built (cron's minute run pays for
   * its own command's model, not eleven); null: all of them (help, completion, an unknown name).
   */
  private static CommandLine commandLine(
      Map<String, String> env, PrintStream out, PrintStream err, String only) {
    CommandLine cl = new CommandLine(new VicisyncCommand());
    Predicate<String> wanted = name -> only == null || only.equals(name);
    if (wanted.test("run")) {
      cl.addSubcommand(new RunCommand(env, out, err));
    }
    if (wanted.test("follow")) {
      cl.addSubcommand(new FollowCommand(env, out, err));
    }
    if (wanted.test("backfill")) {
      cl.addSubcommand(new BackfillCommand(env, out, err));
    }
    if (wanted.test("reconcile")) {
      cl.addSubcommand(new ReconcileCommand(env, out, err));
    }
    if (wanted.test("dids")) {
      cl.addSubcommand(new DidsCommand(env, out, err));
    }
    if (wanted.test("status")) {
      cl.addSubcommand(new StatusCommand(env, out, err));
    }
    if (wanted.test("check")) {
      cl.addSubcommand(new CheckCommand(env, out, err));
    }
    if (wanted.test("doctor")) {
      cl.addSubcommand(new DoctorCommand(env, out, err));
    }
    if (wanted.test("dead-letters")) {
      cl.addSubcommand(
          new CommandLine(new DeadLettersCommand())
              .addSubcommand(new DeadLettersCommand.ListCommand(env, out, err))
              .addSubcommand(new DeadLettersCommand.ReplayCommand(env, out, err))
              .addSubcommand(new DeadLettersCommand.PurgeCommand(env, out, err)));
    }
    cl.setResourceBundle(Setting.helpBundle()); // every option's help, once
    String[] footer = cl.getCommandSpec().usageMessage().footer();
    String[] withCodes = VicisyncCommand.exitCodes();
    String[] all = Arrays.copyOf(withCodes, withCodes.length + footer.length);
    System.arraycopy(footer, 0, all, withCodes.length, footer.length);
    cl.getCommandSpec().usageMessage().footer(all);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          if (ex.getCommandLine().getCommandSpec().name().equals("check")) {
            // a monitoring system reads the plugin's one line and its 0-3, not usage on stderr
            out.println(
                "VICISYNC UNKNOWN - "
                    + Text.safe(ex.getMessage()).replace('|', '/')
                    + " (vicisync check --help)");
            return State.UNKNOWN.code;
          }
          err.println("vicisync: " + ex.getMessage());
          err.println(
              "Try '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for the options.");
          return ExitCode.USAGE.code();
        });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> failed(ex, err));
    return cl;
  }
}
