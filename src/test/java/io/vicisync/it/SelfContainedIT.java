package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vicisync-VERSION-linux-x86_64.tar.gz, for CentOS 7 and other boxes without a Java 17 package: its
 * runtime's native code needs glibc 2.17 at most (CentOS 7's), install.sh installs it, and the
 * launcher runs vicisync with it when no java is on PATH at all.
 */
class SelfContainedIT {
  private static final String VERSION = System.getProperty("vicisync.version", "0.1.0");

  /** CentOS 7's glibc: nothing in the runtime may need a newer one. */
  private static final int[] GLIBC_MAX = {2, 17};

  /** The tarball's size at most: it is downloaded to every dialer that needs it. */
  private static final long MAX_BYTES = 40L << 20;

  @TempDir Path tmp;

  private Path unpacked() throws Exception {
    Path tarball = Path.of("target", "vicisync-" + VERSION + "-linux-x86_64.tar.gz");
    if (!Files.exists(tarball)) {
      System.out.println(
          "SelfContainedIT: "
              + tarball
              + " was not built: no Temurin JDK at /usr/lib/jvm/temurin-25-jdk-amd64 (give one"
              + " with -Pselfcontained -Dvicisync.runtime.jdk=PATH); its checks are skipped");
    }
    Assumptions.assumeTrue(Files.exists(tarball), "no self-contained tarball");
    long size = Files.size(tarball);
    System.out.println(
        "SelfContainedIT: " + tarball.getFileName() + " is " + (size >> 20) + " MiB");
    assertThat(size).as("the tarball's size").isLessThan(MAX_BYTES);
    Vici.Result r =
        exec(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), Map.of());
    assertThat(r.exit()).as(r.out()).isZero();
    return tmp.resolve("vicisync-" + VERSION + "-linux-x86_64");
  }

  @Test
  void itsNativeCodeNeedsGlibc217AtMost() throws Exception {
    Path dist = unpacked();
    boolean objdump = exec(List.of("sh", "-c", "command -v objdump"), Map.of()).exit() == 0;
    if (!objdump) {
      System.out.println(
          "SelfContainedIT: objdump is not installed (apt-get install binutils): the glibc"
              + " check is skipped");
    }
    Assumptions.assumeTrue(objdump, "no objdump");
    List<Path> elf = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dist.resolve("runtime"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(p)) {
          if (in.read(head) == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L') {
            elf.add(p);
          }
        }
      }
    }
    assertThat(elf).as("bin/java and libjvm.so at least").hasSizeGreaterThan(5);
    TreeSet<String> versions = new TreeSet<>();
    int[] highest = {0, 0};
    String highestIn = "";
    Pattern glibc = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)");
    for (Path p : elf) {
      Vici.Result r = exec(List.of("objdump", "-T", p.toString()), Map.of());
      assertThat(r.exit()).as(p + ": " + r.out()).isZero();
      Matcher m = glibc.matcher(r.out());
      while (m.find()) {
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        versions.add(m.group());
        if (major > highest[0] || (major == highest[0] && minor > highest[1])) {
          highest = new int[] {major, minor};
          highestIn = dist.relativize(p).toString();
        }
      }
    }
    System.out.println(
        "SelfContainedIT: "
            + elf.size()
            + " native files, highest glibc symbol version GLIBC_"
            + highest[0]
            + "."
            + highest[1]
            + " ("
            + highestIn
            + ")");
    assertThat(
            highest[0] < GLIBC_MAX[0] || (highest[0] == GLIBC_MAX[0] && highest[1] <= GLIBC_MAX[1]))
        .as(
            "GLIBC_"
                + highest[0]
                + "."
                + highest[1]
                + " in "
                + highestIn
                + " (all: "
                + versions
                + ")")
        .isTrue();
  }

  @Test
  void installShInstallsItsRuntimeAndTheLauncherRunsWithNoJavaAnywhere() throws Exception {
    Path dist = unpacked();
    Path root = tmp.resolve("root");
    // a PATH with no java on it: only what the launcher itself calls
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String tool :
        List.of(
            "readlink",
            "dirname",
            "sed",
            "install",
            "cp",
            "rm",
            "chmod",
            "mktemp",
            "cmp",
            "cat",
            "ls",
            "head",
            "tr",
            "stat",
            "nice",
            "mkdir",
            "gzip")) {
      Path real = Path.of(exec(List.of("sh", "-c", "command -v " + tool), Map.of()).out().trim());
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    Map<String, String> env = Map.of("PATH", bin.toString(), "DESTDIR", root.toString());
    Vici.Result install = exec(List.of("/bin/sh", dist.resolve("install.sh").toString()), env);
    assertThat(install.exit()).as(install.out()).isZero();
    assertThat(install.out()).doesNotContain("no java on PATH");
    Path home = root.resolve("opt/vicisync");
    assertThat(home.resolve("runtime/bin/java")).isExecutable();

    Map<String, String> run =
        Map.of(
            "PATH", bin.toString(),
            "VICISYNC_HOME", home.toString(),
            "VICISYNC_CDS", "0",
            "VICISYNC_JVM_DIRS", tmp.resolve("no-jvms").toString(),
            "VICISYNC_DEFAULTS", tmp.resolve("no-defaults").toString(),
            "VICISYNC_STATE_DIR", tmp.resolve("state").toString());
    Path launcher = root.resolve("usr/local/bin/vicisync");
    Vici.Result version = exec(List.of(launcher.toString(), "--version"), run);
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).startsWith("vicisync " + VERSION);
    Vici.Result doctor =
        exec(
            List.of(
                launcher.toString(),
                "doctor",
                "--astguiclient-conf",
                tmp.resolve("none").toString()),
            run);
    assertThat(doctor.out())
        .as("no LANG (cron's): the marks in ASCII, not '?', on Java 25 as on 17")
        .doesNotContain("?")
        .containsPattern(
            "ok Java \\S+ \\([^)]*\\) at "
                + Pattern.quote(home.resolve("runtime").toString())
                + ": the launcher found it as the runtime bundled in "
                + Pattern.quote(home + "/runtime"));
  }

  private static Vici.Result exec(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (!env.isEmpty()) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Vici.Result(p.waitFor(), out, "");
  }
}
