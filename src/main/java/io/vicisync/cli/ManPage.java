package io.vicisync.cli;

import io.vicisync.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes vicisync(1) from the command model (the same text {@code --help} shows), and gzips the
 * packages' changelog. Run by the build (see pom.xml), so the manual matches the jar beside it;
 * gzip -9n's bytes (no name, no time), so two builds of one commit give the same packages.
 */
public final class ManPage {
  private ManPage() {}

  /** {@code OUT_DIR VERSION DATE CHANGELOG_TEMPLATE MAINTAINER}. */
  public static void main(String[] args) throws IOException {
    Path out = Files.createDirectories(Path.of(args[0]));
    String version = args[1];
    String date = args[2];
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    CommandLine cl = Main.commandLine(Map.of(), nowhere, nowhere);
    Files.write(out.resolve("vicisync.1.gz"), gzip(page(cl, version, date)));
    String changelog =
        Files.readString(Path.of(args[3]), StandardCharsets.UTF_8)
            .replace("[[version]]", version)
            .replace("[[maintainer]]", args[4]);
    Files.write(out.resolve("changelog.gz"), gzip(changelog));
  }

  static String page(CommandLine cl, String version, String date) {
    StringBuilder m = new StringBuilder();
    m.append(".TH VICISYNC 1 \"").append(date).append("\" \"vicisync ").append(version);
    m.append("\" \"User Commands\"\n");
    m.append(".SH NAME\nvicisync \\- deliver finished VICIdial calls to the DID Optimizer API\n");
    m.append(".SH SYNOPSIS\n.B vicisync\n.I command\n.RI [ options ]\n");
    m.append(".SH DESCRIPTION\n");
    paragraphs(m, cl.getCommandSpec().usageMessage().description());
    m.append(".SH COMMANDS\n");
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      CommandLine sub = e.getValue();
      if (sub.getSubcommands().isEmpty()) {
        command(m, "vicisync " + e.getKey(), sub.getCommandSpec());
      } else {
        for (Map.Entry<String, CommandLine> s : sub.getSubcommands().entrySet()) {
          command(m, "vicisync " + e.getKey() + " " + s.getKey(), s.getValue().getCommandSpec());
        }
      }
    }
    m.append(".SH EXIT STATUS\n");
    for (ExitCode e : ExitCode.values()) {
      m.append(".TP\n.B ").append(e.code()).append('\n').append(text(e.meaning())).append('\n');
    }
    m.append(".PP\n").append(text("check uses Nagios's 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."));
    m.append('\n');
    m.append(".SH FILES\n");
    for (String[] f :
        List.of(
            new String[] {"/etc/astguiclient.conf", "VICIdial's database settings (VARDB_*)."},
            new String[] {
              "/etc/asterisk/dids.conf", "the DID Optimizer's address and key; [sync] settings."
            },
            new String[] {"/etc/cron.d/vicisync", "the minute's run."},
            new String[] {
              "/var/lib/vicisync/", "checkpoint, sent ledger, dead letters, status, run history."
            },
            new String[] {"/var/log/vicisync/vicisync.log", "one line per call and per run."})) {
      m.append(".TP\n.I ").append(f[0]).append('\n').append(text(f[1])).append('\n');
    }
    m.append(".SH SEE ALSO\n/usr/share/doc/vicisync/README.md\n");
    return m.toString();
  }

  private static void command(StringBuilder m, String name, CommandSpec spec) {
    m.append(".SS ").append(text(name)).append('\n');
    paragraphs(m, spec.usageMessage().description());
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      m.append(".TP\n.B ").append(text(String.join(", ", o.names())));
      if (o.arity().max() > 0) {
        m.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
      }
      m.append('\n').append(text(String.join(" ", o.description()))).append('\n');
    }
  }

  private static void paragraphs(StringBuilder m, String[] lines) {
    for (String l : lines) {
      if (!l.isBlank()) {
        m.append(".PP\n").append(text(l)).append('\n');
      }
    }
  }

  /** troff text: a backslash written as \e, and a line never starting with a control character. */
  static String text(String s) {
    String t = s.replace("\\", "\\e").replace("-", "\\-").replaceAll("%n", " ");
    t = t.replace("${DEFAULT-VALUE}", "").replaceAll("\\s+", " ").strip();
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }

  /** gzip -9n: maximum compression, no name, no time, Unix. */
  static byte[] gzip(String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
      z.write(data);
    }
    d.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    int[] trailer = {(int) crc.getValue(), data.length};
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(out.toByteArray());
    for (int v : trailer) {
      all.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }
    return all.toByteArray();
  }
}
