package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** The command line. {@link #run} never exits the JVM, so tests call it directly. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return commandLine(env, out, err).execute(args);
  }

  /** Every command, ready to execute; also what the bash completion script is generated from. */
  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new VicisyncCommand());
    cl.addSubcommand(new RunCommand(env, out, err));
    cl.addSubcommand(new FollowCommand(env, out, err));
    cl.addSubcommand(new BackfillCommand(env, out, err));
    cl.addSubcommand(new ReconcileCommand(env, out, err));
    cl.addSubcommand(new StatusCommand(env, out, err));
    cl.addSubcommand(new CheckCommand(env, out, err));
    cl.addSubcommand(new DoctorCommand(env, out, err));
    cl.addSubcommand(
        new CommandLine(new DeadLettersCommand())
            .addSubcommand(new DeadLettersCommand.ListCommand(env, out, err))
            .addSubcommand(new DeadLettersCommand.ReplayCommand(env, out, err))
            .addSubcommand(new DeadLettersCommand.PurgeCommand(env, out, err)));
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
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          if (ex instanceof VicisyncException v) {
            err.println("vicisync: error: " + io.vicisync.Text.safe(v.getMessage()));
            return v.exitCode().code();
          }
          err.println("vicisync: internal error, please report it: " + ex);
          ex.printStackTrace(err);
          return ExitCode.INTERNAL.code();
        });
    return cl;
  }
}
