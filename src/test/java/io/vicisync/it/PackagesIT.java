package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.eclipse.packager.rpm.FileFlags;
import org.eclipse.packager.rpm.RpmTag;
import org.eclipse.packager.rpm.parse.InputHeader;
import org.eclipse.packager.rpm.parse.RpmInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb, .rpm and .tar.gz the build made, read as dpkg, rpm and an administrator would see them:
 * which files, with which modes and owners, which are config files, what the scripts do. No root
 * and no dpkg or rpm needed.
 */
class PackagesIT {
  private static final Path TARGET = Path.of("target");
  private static final String VERSION = System.getProperty("vicisync.version", "0.1.0");
  @TempDir Path tmp;

  /** A file in a package: its mode (permission bits), owner and content. */
  record Entry(int mode, String owner, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  @Test
  void theDebInstallsEverythingWithRootOwnershipAndKeepsConfigAndState() throws Exception {
    Map<String, Entry> control = new LinkedHashMap<>();
    Map<String, Entry> data = new LinkedHashMap<>();
    try (ArArchiveInputStream ar =
        new ArArchiveInputStream(
            Files.newInputStream(TARGET.resolve("vicisync_" + VERSION + "_all.deb")))) {
      for (ArArchiveEntry e; (e = ar.getNextEntry()) != null; ) {
        byte[] member = ar.readAllBytes();
        if (e.getName().startsWith("control.tar")) {
          control = untar(member);
        } else if (e.getName().startsWith("data.tar")) {
          data = untar(member);
        }
      }
    }
    assertCommonLayout(data);
    assertThat(data.get("./var/lib/vicisync/").mode()).isEqualTo(0750);

    assertThat(control.get("./control").text())
        .contains("Package: vicisync\n", "Version: " + VERSION + "\n", "Architecture: all\n")
        .contains(
            "Depends: default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless | openjdk-21-jre-headless | openjdk-25-jre-headless | java17-runtime-headless\n");
    assertThat(control.get("./conffiles").text().lines().toList())
        .containsExactlyInAnyOrder(
            "/etc/cron.d/vicisync", "/etc/logrotate.d/vicisync", "/etc/default/vicisync");
    assertThat(control.get("./postinst").mode()).isEqualTo(0755);
    assertThat(control.get("./postinst").text()).contains("/usr/share/vicisync/vicisync-cds");
    for (String script : List.of("./prerm", "./postrm")) {
      assertThat(control.get(script).text())
          .as(script + " never deletes the state directory or the logs")
          .doesNotContainPattern("rm -[rf]+ +/var/lib/vicisync(/| |$)(?!cds)")
          .doesNotContainPattern("rm .*/var/log");
    }
    // through the distribution's helpers, as debhelper's own snippets do
    assertThat(control.get("./prerm").text())
        .contains("rm -rf /var/lib/vicisync/cds", "deb-systemd-invoke stop vicisync.service");
    assertThat(control.get("./postrm").text())
        .contains("deb-systemd-helper disable vicisync.service");
    assertThat(control.get("./postinst").text())
        .contains(
            "systemctl --system daemon-reload", "deb-systemd-invoke try-restart vicisync.service")
        .doesNotContain("systemctl enable", "deb-systemd-helper enable");
  }

  @Test
  void theRpmHasTheSameFilesConfigNoReplaceAndNamesJava17ForRhelAndSuse() throws Exception {
    Map<String, Entry> files = new LinkedHashMap<>();
    InputHeader<RpmTag> h;
    try (RpmInputStream rpm =
        new RpmInputStream(
            Files.newInputStream(TARGET.resolve("vicisync-" + VERSION + "-1.noarch.rpm")))) {
      h = rpm.getPayloadHeader();
      String[] base = (String[]) h.getTag(RpmTag.BASENAMES);
      String[] dirs = (String[]) h.getTag(RpmTag.DIRNAMES);
      int[] dirIndex = ints(h.getTag(RpmTag.DIR_INDEXES));
      int[] modes = ints(h.getTag(RpmTag.FILE_MODES));
      int[] flags = ints(h.getTag(RpmTag.FILE_FLAGS));
      String[] users = (String[]) h.getTag(RpmTag.FILE_USERNAME);
      Map<String, byte[]> contents = new LinkedHashMap<>();
      var cpio = rpm.getCpioStream();
      for (var e = cpio.getNextEntry(); e != null; e = cpio.getNextEntry()) {
        contents.put(e.getName().replaceFirst("^\\./", "/"), cpio.readAllBytes());
      }
      for (int i = 0; i < base.length; i++) {
        String path = dirs[dirIndex[i]] + base[i];
        boolean dir = (modes[i] & 0170000) == 0040000;
        files.put(
            "." + path + (dir ? "/" : ""),
            new Entry(modes[i] & 07777, users[i], contents.getOrDefault(path, new byte[0])));
        boolean config = (flags[i] & flag(FileFlags.CONFIGURATION)) != 0;
        boolean noreplace = (flags[i] & flag(FileFlags.NOREPLACE)) != 0;
        assertThat(config).as(path + " is a config file").isEqualTo(path.startsWith("/etc/"));
        assertThat(noreplace)
            .as(path + " is never replaced once edited")
            .isEqualTo(path.startsWith("/etc/"));
      }
    }
    assertCommonLayout(files);
    assertThat(files.get("./var/lib/vicisync/").mode()).isEqualTo(0750);
    assertThat((String[]) h.getTag(RpmTag.REQUIRE_NAME))
        .contains(
            "(java-17-openjdk-headless or java-21-openjdk-headless or java-25-openjdk-headless)",
            "rpmlib(RichDependencies)",
            "logrotate",
            "cronie")
        .as("openSUSE and ViciBox have no crontabs package")
        .doesNotContain("crontabs");
    assertThat(h.getTag(RpmTag.POSTINSTALL_SCRIPT).toString())
        .contains("/usr/share/vicisync/vicisync-cds");
    assertThat(h.getTag(RpmTag.PREREMOVE_SCRIPT).toString())
        .contains("if [ \"$1\" = 0 ]", "rm -rf /var/lib/vicisync/cds");
  }

  @Test
  void theTarballInstallsWithInstallShAndNeverOverwritesAnEditedConfig() throws Exception {
    Map<String, Entry> tar =
        untar(Files.readAllBytes(TARGET.resolve("vicisync-" + VERSION + ".tar.gz")));
    Path dist = tmp.resolve("dist");
    for (Map.Entry<String, Entry> e : tar.entrySet()) {
      Path p = dist.resolve(e.getKey());
      if (e.getKey().endsWith("/")) {
        Files.createDirectories(p);
      } else {
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue().content());
        Files.setPosixFilePermissions(p, perms(e.getValue().mode()));
      }
    }
    Path unpacked = dist.resolve("vicisync-" + VERSION);
    Path root = tmp.resolve("root");
    String first = sh(unpacked.resolve("install.sh"), root);
    assertThat(first).contains("installed vicisync in " + root + "/opt/vicisync");

    Path launcher = root.resolve("usr/local/bin/vicisync");
    assertThat(mode(launcher)).isEqualTo("rwxr-xr-x");
    assertThat(Files.readString(launcher))
        .contains("VICISYNC_HOME=${VICISYNC_HOME:-/opt/vicisync}");
    assertThat(root.resolve("opt/vicisync/vicisync.jar")).exists();
    assertThat(Files.readString(root.resolve("etc/cron.d/vicisync")))
        .contains("* * * * * root [ -x /usr/local/bin/vicisync ] && /usr/local/bin/vicisync run");
    assertThat(mode(root.resolve("var/lib/vicisync"))).isEqualTo("rwxr-x---");
    Path unit = root.resolve("etc/systemd/system/vicisync.service");
    assertUnit(Files.readString(unit), "/usr/local/bin/vicisync");
    Path template = root.resolve("etc/systemd/system/vicisync@.service");
    assertThat(Files.readString(template))
        .contains("\nExecStart=/usr/local/bin/vicisync follow --instance %i\n");
    for (String f :
        List.of(
            "grafana/vicisync.json",
            "prometheus/vicisync.rules.yml",
            "examples/nrpe-vicisync.cfg",
            "examples/sudoers-vicisync")) {
      assertThat(root.resolve("opt/vicisync/" + f)).as(f).exists();
    }

    // the admin edits the cron line and the sync writes state; then an upgrade runs install.sh
    Path cron = root.resolve("etc/cron.d/vicisync");
    String edited = Files.readString(cron).replace("vicisync run", "vicisync run --source both");
    Files.writeString(cron, edited);
    Files.writeString(root.resolve("var/lib/vicisync/checkpoint.json"), "{\"version\":1}");
    // what an older install.sh left: cronie loads it, and every minute then started two runs
    Files.writeString(root.resolve("etc/cron.d/vicisync.new"), "* * * * * root vicisync run\n");
    String again = sh(unpacked.resolve("install.sh"), root);
    assertThat(again)
        .contains("kept your /etc/cron.d/vicisync")
        .contains("/opt/vicisync/etc/cron.d/vicisync (cron does not read it)")
        .contains("removed /etc/cron.d/vicisync.new");
    assertThat(Files.readString(cron)).isEqualTo(edited);
    try (var names = Files.list(root.resolve("etc/cron.d"))) {
      assertThat(names.map(p -> p.getFileName().toString()))
          .as("nothing beside the admin's file for cron to load")
          .containsExactly("vicisync");
    }
    assertThat(Files.readString(root.resolve("opt/vicisync/etc/cron.d/vicisync")))
        .contains("/usr/local/bin/vicisync run");
    assertThat(root.resolve("opt/vicisync/etc/logrotate.d/vicisync"))
        .as("unchanged: replaced in place, no copy aside")
        .doesNotExist();

    String removed = sh(unpacked.resolve("uninstall.sh"), root);
    assertThat(launcher).doesNotExist();
    assertThat(root.resolve("opt/vicisync")).doesNotExist();
    assertThat(unit).doesNotExist();
    assertThat(template).doesNotExist();
    assertThat(root.resolve("var/lib/vicisync/checkpoint.json")).as("state survives").exists();
    assertThat(Files.readString(cron)).as("the admin's edited cron file is kept").isEqualTo(edited);
    assertThat(removed).contains("kept /etc/cron.d/vicisync: you changed it");
    assertThat(root.resolve("etc/logrotate.d/vicisync"))
        .as("ours, unchanged: removed")
        .doesNotExist();
  }

  /** Runs {@code cmd}; its exit code and its output, stdout and stderr together. */
  @Test
  void lintianFindsNoErrorOrWarningInTheDeb() throws Exception {
    Tools.need("PackagesIT", "lintian", "lintian");
    Vici.Result r =
        Tools.exec(
            List.of("lintian", TARGET.resolve("vicisync_" + VERSION + "_all.deb").toString()));
    assertThat(r.out().lines().filter(l -> l.startsWith("E:") || l.startsWith("W:")))
        .as(r.out())
        .isEmpty();
  }

  @Test
  void rpmlintFindsNoErrorOrWarningInTheRpmButThoseItsConfigurationJustifies() throws Exception {
    Tools.need("PackagesIT", "rpmlint", "rpmlint");
    Vici.Result r =
        Tools.exec(
            List.of(
                "rpmlint",
                "-c",
                "packaging/rpm/rpmlint.toml",
                TARGET.resolve("vicisync-" + VERSION + "-1.noarch.rpm").toString()));
    assertThat(r.out().lines().filter(l -> l.contains(": E: ") || l.contains(": W: ")))
        .as(r.out())
        .isEmpty();
  }

  @Test
  void systemdVerifiesTheUnitAndRatesItsExposureOk() throws Exception {
    verifiedAndRatedOk(
        "vicisync.service", Files.readString(Path.of("packaging/common/systemd/vicisync.service")));
  }

  @Test
  void theInstanceTemplateVerifiesRunsFollowForItsInstanceAndIsHardenedAlike() throws Exception {
    String service = Files.readString(Path.of("packaging/common/systemd/vicisync.service"));
    String template = Files.readString(Path.of("packaging/common/systemd/vicisync@.service"));
    assertThat(template)
        .contains(
            "\nExecStart=/usr/bin/vicisync follow --instance %i\n",
            "\nStateDirectory=vicisync vicisync/%i\n", "\nRestartPreventExitStatus=64 77 78\n")
        .as("process-call-results.pl's checkpoint is the default dialer's")
        .doesNotContain("BindReadOnlyPaths");
    // the same hardening, line for line, but for the state directory and the Perl checkpoint
    assertThat(settings(template, "StateDirectory"))
        .isEqualTo(settings(service, "StateDirectory", "BindReadOnlyPaths", "ExecStart"));

    verifiedAndRatedOk("vicisync@dialer2.service", template);
  }

  /**
   * {@code unit}, installed as {@code name} but with a program this machine has (verify checks that
   * it exists): systemd-analyze verifies it without a warning and rates its exposure OK.
   */
  private void verifiedAndRatedOk(String name, String unit) throws Exception {
    Tools.need("PackagesIT", "systemd-analyze", "systemd");
    Path file = Files.createDirectories(tmp.resolve("units")).resolve(name);
    Files.writeString(file, unit.replace("/usr/bin/vicisync", "/bin/true"));
    Vici.Result verify = Tools.exec(List.of("systemd-analyze", "verify", file.toString()));
    assertThat(verify.exit()).as(verify.out()).isZero();
    assertThat(verify.out()).as("no warning either").isEmpty();
    Vici.Result security =
        Tools.exec(List.of("systemd-analyze", "security", "--offline=yes", file.toString()));
    Matcher m = Pattern.compile("Overall exposure level for .*: ([0-9.]+)").matcher(security.out());
    assertThat(m.find()).as(security.out()).isTrue();
    System.out.println("PackagesIT: systemd-analyze security " + name + ": " + m.group(1));
    assertThat(Double.parseDouble(m.group(1))).as(security.out()).isLessThanOrEqualTo(4.0);
  }

  /** A unit's [Service] settings from its hardening on, without the keys named. */
  private static List<String> settings(String unit, String... without) {
    String hardening = unit.substring(unit.indexOf("\n# Hardening"));
    return hardening
        .lines()
        .filter(l -> !l.startsWith("#") && l.contains("="))
        .filter(l -> Arrays.stream(without).noneMatch(k -> l.startsWith(k + "=")))
        .toList();
  }

  @Test
  void logrotateRotatesEveryInstancesLogAndTouchesNothingOutsideVarLog() throws Exception {
    String shipped = Files.readString(Path.of("packaging/common/etc/logrotate.d/vicisync"));
    assertThat(shipped.lines().filter(l -> l.startsWith("/")))
        .as("SELinux lets logrotate rename var_log_t only: every path is under /var/log")
        .isNotEmpty()
        .allMatch(
            l ->
                Arrays.stream(l.replace("{", " ").trim().split("\\s+"))
                    .allMatch(p -> p.startsWith("/var/log/")));
    Tools.need("PackagesIT", "logrotate", "logrotate");
    Path log = tmp.resolve("log");
    Path lib = tmp.resolve("lib");
    List<Path> files = List.of(log.resolve("vicisync.log"), log.resolve("dialer2.log"));
    for (Path f : files) {
      Files.createDirectories(f.getParent());
      Files.writeString(f, "{\"a\":1}\n");
    }
    Path conf = tmp.resolve("logrotate.conf");
    Files.writeString(
        conf,
        Files.readString(Path.of("packaging/common/etc/logrotate.d/vicisync"))
            .replace("/var/log/vicisync", log.toString())
            .replace("/var/lib/vicisync", lib.toString())
            // whoever runs the test owns the files it made
            .replace("create 0640 root root", "create 0640"));
    Vici.Result r =
        Tools.exec(
            List.of(
                "logrotate",
                "-f",
                "-s",
                tmp.resolve("logrotate.state").toString(),
                conf.toString()));
    assertThat(r.exit()).as(r.out()).isZero();
    for (Path f : files) {
      assertThat(f.resolveSibling(f.getFileName() + ".1")).as("rotated: " + f).exists();
      assertThat(f).as("a new, empty one in its place: " + f).isEmptyFile();
    }
  }

  /** What every package installs, whatever the format. */
  private static void assertCommonLayout(Map<String, Entry> files) throws IOException {
    String p = "./";
    assertThat(files.keySet())
        .contains(
            p + "usr/share/vicisync/vicisync.jar",
            p + "usr/share/vicisync/classlist",
            p + "usr/share/vicisync/cds.sh",
            p + "usr/share/vicisync/vicisync-cds",
            p + "usr/bin/vicisync",
            p + "etc/cron.d/vicisync",
            p + "etc/logrotate.d/vicisync",
            p + "etc/default/vicisync",
            p + "usr/share/bash-completion/completions/vicisync",
            p + "usr/share/doc/vicisync/README.md",
            p + "usr/lib/systemd/system/vicisync.service",
            p + "usr/share/man/man1/vicisync.1.gz",
            p + "usr/share/vicisync/examples/nrpe-vicisync.cfg",
            p + "usr/share/vicisync/examples/sudoers-vicisync",
            p + "usr/lib/systemd/system/vicisync@.service",
            p + "usr/share/vicisync/grafana/vicisync.json",
            p + "usr/share/vicisync/prometheus/vicisync.rules.yml",
            p + "var/lib/vicisync/",
            p + "var/log/vicisync/");
    assertThat(files.keySet())
        .as("installed, not enabled: no wants/ link")
        .noneMatch(f -> f.contains(".wants/"));
    assertThat(files.get(p + "usr/lib/systemd/system/vicisync.service").mode()).isEqualTo(0644);
    assertUnit(
        files.get(p + "usr/lib/systemd/system/vicisync.service").text(), "/usr/bin/vicisync");
    files.forEach((name, e) -> assertThat(e.owner()).as(name).isEqualTo("root"));
    assertThat(files.get(p + "usr/bin/vicisync").mode()).isEqualTo(0755);
    assertThat(files.get(p + "usr/share/vicisync/vicisync-cds").mode()).isEqualTo(0755);
    assertThat(files.get(p + "usr/share/vicisync/vicisync.jar").mode()).isEqualTo(0644);
    assertThat(files.get(p + "etc/cron.d/vicisync").mode())
        .as("cron ignores group-writable files")
        .isEqualTo(0644);
    assertThat(files.get(p + "usr/share/vicisync/vicisync.jar").content())
        .isEqualTo(Files.readAllBytes(TARGET.resolve("vicisync.jar")));
    assertThat(files.get(p + "usr/bin/vicisync").text())
        .isEqualTo(Files.readString(Path.of("packaging/common/bin/vicisync")));
    assertThat(files.get(p + "etc/cron.d/vicisync").text())
        .contains("\n* * * * * root [ -x /usr/bin/vicisync ] && /usr/bin/vicisync run\n");
    assertThat(files.get(p + "etc/logrotate.d/vicisync").text())
        .contains("/var/log/vicisync/*.log")
        .doesNotContain("/var/lib/");
    assertThat(files.get(p + "etc/cron.d/vicisync").text())
        .as("a commented example line per instance")
        .contains("\n#* * * * * root [ -x /usr/bin/vicisync ] && /usr/bin/vicisync run --instance");
    assertThat(files.get(p + "usr/lib/systemd/system/vicisync@.service").text())
        .isEqualTo(Files.readString(Path.of("packaging/common/systemd/vicisync@.service")));
    assertThat(files.get(p + "usr/share/vicisync/grafana/vicisync.json").content())
        .isEqualTo(Files.readAllBytes(Path.of("packaging/common/grafana/vicisync.json")));
    assertThat(files.get(p + "usr/share/vicisync/prometheus/vicisync.rules.yml").content())
        .isEqualTo(Files.readAllBytes(Path.of("packaging/common/prometheus/vicisync.rules.yml")));
    assertThat(files.get(p + "usr/share/bash-completion/completions/vicisync").text())
        .contains(
            "complete -F _complete_vicisync",
            "status",
            "check",
            "doctor",
            "backfill",
            "--metrics-file",
            "--warn-lag");
  }

  /** vicisync.service as the issue asks: restarts a crash, not a bad config; hardened; follow. */
  private static void assertUnit(String unit, String bin) {
    assertThat(unit)
        .contains(
            "\nExecStart=" + bin + " follow\n",
            "\nExecReload=/bin/kill -HUP $MAINPID\n",
            "\nRestart=on-failure\n",
            "\nRestartSec=15\n",
            "\nRestartPreventExitStatus=64 77 78\n",
            "\nNoNewPrivileges=yes\n",
            "\nProtectSystem=strict\n",
            "\nStateDirectory=vicisync\n",
            "\nLogsDirectory=vicisync\n",
            "\nProtectHome=yes\n",
            "\nPrivateTmp=yes\n",
            "\nBindReadOnlyPaths=-/tmp/did-optimizer-last-check.txt\n",
            "\nCapabilityBoundingSet=\n",
            "\nWantedBy=multi-user.target\n")
        .as("writes its own directories only, not the rest of /var/log")
        .doesNotContain("ReadWritePaths=/var/log");
  }

  private static Map<String, Entry> untar(byte[] compressed) throws Exception {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (InputStream in =
            new CompressorStreamFactory()
                .createCompressorInputStream(
                    new BufferedInputStream(new ByteArrayInputStream(compressed)));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = e.getName();
        out.put(
            e.isDirectory() && !name.endsWith("/") ? name + "/" : name,
            new Entry(
                e.getMode() & 07777,
                e.getUserName().isEmpty() ? "root" : e.getUserName(),
                tar.readAllBytes()));
      }
    }
    return out;
  }

  private static String sh(Path script, Path destdir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
    pb.environment().put("DESTDIR", destdir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static Set<PosixFilePermission> perms(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }

  private static int[] ints(Object tag) {
    if (tag instanceof int[] a) {
      return a;
    }
    if (tag instanceof short[] s) {
      int[] a = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        a[i] = s[i] & 0xFFFF;
      }
      return a;
    }
    if (tag instanceof Integer[] boxed) {
      List<Integer> l = new ArrayList<>(List.of(boxed));
      return l.stream().mapToInt(Integer::intValue).toArray();
    }
    if (tag instanceof Short[] boxed) {
      int[] a = new int[boxed.length];
      for (int i = 0; i < boxed.length; i++) {
        a[i] = boxed[i] & 0xFFFF;
      }
      return a;
    }
    throw new IllegalStateException("not an integer array: " + tag.getClass());
  }

  private static int flag(FileFlags f) {
    return f.getValue();
  }
}
