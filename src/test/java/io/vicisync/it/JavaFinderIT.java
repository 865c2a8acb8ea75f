package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher finds a Java that can run vicisync, as an EL8 box with Java 8 as its default java
 * has it: a Java 8 first on PATH is passed over for a 17 in the distribution's JVM directory; with
 * none, one line names the package to install for this distribution, exit 69, said once to cron.
 */
class JavaFinderIT {
  @TempDir Path tmp;
  private Launcher launcher;
  private Path java8;
  private Path pathBin;
  private Path jvms;

  @BeforeEach
  void layout() throws Exception {
    launcher = Launcher.install(tmp);
    Files.createDirectories(launcher.home.resolve("state")); // the package makes /var/lib/vicisync
    // a Java 8 as the RHEL family installs it: a release file saying so, a java that must not run
    Path home8 = Files.createDirectories(tmp.resolve("java-1.8.0-openjdk/jre/bin")).getParent();
    Files.writeString(home8.getParent().resolve("release"), "JAVA_VERSION=\"1.8.0_392\"\n");
    java8 = home8.resolve("bin/java");
    Files.writeString(java8, "#!/bin/sh\necho 'Java 8 was run' >&2\nexit 3\n");
    Files.setPosixFilePermissions(java8, PosixFilePermissions.fromString("rwxr-xr-x"));
    pathBin = Files.createDirectories(tmp.resolve("bin"));
    Files.createSymbolicLink(pathBin.resolve("java"), java8);
    jvms = Files.createDirectories(tmp.resolve("jvm"));
    Files.createSymbolicLink(jvms.resolve("java-1.8.0"), home8.getParent());
  }

  private Ran launch(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = launcher.command(List.of(args));
    pb.environment().remove("JAVA_HOME");
    pb.environment().put("PATH", pathBin + ":/usr/bin:/bin");
    pb.environment().put("VICISYNC_JVM_DIRS", jvms.toString());
    pb.environment().put("VICISYNC_CDS", "0");
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Ran(p.waitFor(), out, err);
  }

  private record Ran(int exit, String out, String err) {}

  @Test
  void aJava8FirstOnPathIsPassedOverForA17InTheJvmDirectoryAndDoctorSaysWhich() throws Exception {
    Files.createSymbolicLink(
        jvms.resolve("java-17-openjdk"), Path.of(System.getProperty("java.home")));
    Ran v = launch(Map.of(), "--version");
    assertThat(v.exit()).as(v.err()).isZero();
    assertThat(v.err()).doesNotContain("Java 8 was run");
    assertThat(v.out()).startsWith("vicisync ");
    Ran d = launch(Map.of(), "doctor", "--astguiclient-conf", tmp.resolve("none").toString());
    assertThat(d.out())
        .contains(
            "✓ Java "
                + Runtime.version()
                + " ("
                + System.getProperty("java.vendor")
                + ") at "
                + System.getProperty("java.home")
                + ": the launcher found it as "
                + jvms
                + " (the distribution's JVM directory; java on PATH is older)");
  }

  @Test
  void withNoJava17OneLineNamesThePackageForThisDistributionOnceForCron() throws Exception {
    Path osRelease =
        Files.writeString(
            tmp.resolve("os-release"),
            "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.6\"\n");
    Map<String, String> env = Map.of("VICISYNC_OS_RELEASE", osRelease.toString());
    Ran first = launch(env, "run");
    assertThat(first.exit()).isEqualTo(69);
    assertThat(first.err())
        .isEqualTo(
            "vicisync: no Java 17 or newer found (java on PATH, "
                + pathBin.resolve("java")
                + ", is older); install one: zypper install java-17-openjdk-headless (or set"
                + " JAVA_HOME in /etc/sysconfig/vicisync)\n");
    Ran second = launch(env, "run");
    assertThat(second.exit()).isEqualTo(69);
    assertThat(second.err()).as("cron mails it once, not every minute").isEmpty();
    // a Java appears: it runs, and the next time one goes missing is news again
    Files.createSymbolicLink(jvms.resolve("java-17"), Path.of(System.getProperty("java.home")));
    assertThat(launch(env, "--version").exit()).isZero();
    Files.delete(jvms.resolve("java-17"));
    assertThat(launch(env, "run").err()).startsWith("vicisync: no Java 17 or newer found");
  }

  @Test
  void eachDistributionIsToldItsOwnPackage() throws Exception {
    Map<String, String> cases =
        Map.of(
            "ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n",
                "dnf install java-17-openjdk-headless",
            "ID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n",
                "CentOS 7 has no Java 17 package: install the self-contained",
            "ID=debian\nVERSION_ID=\"12\"\n", "apt install openjdk-17-jre-headless",
            "ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n",
                "apt install openjdk-17-jre-headless");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path osRelease = Files.writeString(tmp.resolve("os-release-" + i), c.getKey());
      Ran r =
          launch(
              Map.of(
                  "VICISYNC_OS_RELEASE",
                  osRelease.toString(),
                  "VICISYNC_STATE_DIR",
                  tmp.resolve("state-" + i++).toString()),
              "run");
      assertThat(r.exit()).isEqualTo(69);
      assertThat(r.err()).as(c.getKey()).contains(c.getValue()).hasLineCount(1);
    }
  }

  @Test
  void aJavaHomeOlderThan17IsAnErrorNamingItNotPassedOver() throws Exception {
    Files.createSymbolicLink(
        jvms.resolve("java-17-openjdk"), Path.of(System.getProperty("java.home")));
    Path home8 = java8.getParent().getParent().getParent();
    Path defaults = Files.writeString(tmp.resolve("sysconfig"), "JAVA_HOME=" + home8 + "/jre\n");
    Ran r = launch(Map.of("VICISYNC_DEFAULTS", defaults.toString()), "--version");
    assertThat(r.exit()).isEqualTo(69);
    assertThat(r.err())
        .isEqualTo(
            "vicisync: JAVA_HOME="
                + home8
                + "/jre (in "
                + defaults
                + ") is not a Java 17 or newer; point it at one, or remove it\n");
  }
}
