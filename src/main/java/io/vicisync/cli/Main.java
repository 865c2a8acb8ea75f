package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.ConfigValue;
import io.vicisync.config.Setting;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/** The command line. {@link #run} never exits the JVM, so tests call it directly. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String first = args.length > 0 ? args[0] : "";
    if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      // what a package check or a monitoring probe asks often: no command model to build for it
      out.println(VicisyncCommand.VersionProvider.line());
      out.flush();
      return ExitCode.OK.code();
    }
    Optional<RunCommand> cron = cronRun(args, env, out, err);
    if (cron.isPresent()) {
      try {
        return cron.get().call();
      } catch (Exception e) {
        return failed(e, err);
      }
    }
    String invoked = SUBCOMMANDS.contains(first) ? first : null;
    return commandLine(env, out, err, invoked).execute(args);
  }

  /** The options that say where an installation's files are, as a cron line may give them. */
  private static final Set<String> WHERE =
      Set.of("--astguiclient-conf", "--dids-conf", "--state-dir", "--log-file");

  /**
   * Cron's own command line, every minute: {@code run}, and at most where the files are. Nothing
   * there needs a command model, whose building would cost cron more than the run itself; any other
   * word goes through picocli, with its help and its errors.
   */
  static Optional<RunCommand> cronRun(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("run")) {
      return Optional.empty();
    }
    RunCommand c = new RunCommand(env, out, err);
    c.flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      String name = eq < 0 ? args[i] : args[i].substring(0, eq);
      String value = eq >= 0 ? args[i].substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
      if (!WHERE.contains(name) || value.isEmpty() || value.startsWith("-")) {
        return Optional.empty();
      }
      switch (name) {
        case "--astguiclient-conf" -> c.common.astguiclientConf = Path.of(value);
        case "--dids-conf" -> c.common.didsConf = Path.of(value);
        default ->
            c.flags.put(Setting.byFlag(name).orElseThrow().key(), new ConfigValue(value, name));
      }
    }
    return Optional.of(c);
  }

  /** How a command that threw ends: a user's error in one line, anything else reported. */
  private static int failed(Exception ex, PrintStream err) {
    if (ex instanceof VicisyncException v) {
      err.println("vicisync: error: " + io.vicisync.Text.safe(v.getMessage()));
      return v.exitCode().code();
    }
    err.println("vicisync: internal error, please report it: " + ex);
    ex.printStackTrace(err);
    return ExitCode.INTERNAL.code();
  }

  /** The subcommands' names, as typed: the one a command line starts with is all it builds. */
  static final java.util.Set<String> SUBCOMMANDS =
      java.util.Set.of(
          "run", "follow", "backfill", "reconcile", "status", "check", "doctor", "dead-letters");

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
    java.util.function.Predicate<String> wanted = name -> only == null || only.equals(name);
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
    cl.setResourceBundle(io.vicisync.config.Setting.helpBundle()); // every option's help, once
    String[] footer = cl.getCommandSpec().usageMessage().footer();
    String[] withCodes = VicisyncCommand.exitCodes();
    String[] all = java.util.Arrays.copyOf(withCodes, withCodes.length + footer.length);
    System.arraycopy(footer, 0, all, withCodes.length, footer.length);
    cl.getCommandSpec().usageMessage().footer(all);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
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
