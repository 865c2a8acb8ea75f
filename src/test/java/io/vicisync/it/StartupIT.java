package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged launcher as cron starts it: with the class-data-sharing archive vicisync-cds made,
 * without a word on stdout when the archive is stale or damaged (cron would mail it every minute),
 * and with a shipped class list that still covers what a run loads.
 */
class StartupIT extends ViciTest {

  record Ran(int exit, String out, String err) {}

  @Test
  void theLauncherUsesTheArchiveAndStaysSilentWhenItIsStaleOrDamaged() throws Exception {
    vici.insertFinished(20, "1800000050.");
    Launcher launcher = Launcher.install(tmp);
    assertThat(launcher.makeArchive()).isZero();
    assertThat(launcher.cdsDir.resolve("vicisync.jsa")).exists();

    Path classLoad = tmp.resolve("class-load.log");
    Ran first = run(launcher, "-Xlog:class+load=info:file=" + classLoad);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).isEmpty();
    assertThat(first.err()).isEmpty();
    assertThat(receiver.posts()).hasSize(20);
    assertThat(Files.readString(classLoad))
        .contains("io.vicisync.cli.Main source: shared objects file")
        .contains("org.mariadb.jdbc.Driver source: shared objects file")
        .as("cron's line builds no command model")
        .doesNotContain("picocli.CommandLine ");

    // a new jar (an upgrade): the stamp no longer matches, the launcher starts without the
    // archive and remakes it in the background
    Path jar = launcher.home.resolve("vicisync.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    String stamp = Files.readString(launcher.cdsDir.resolve("stamp"));
    Ran stale = run(launcher, "");
    assertThat(stale.exit()).isZero();
    assertThat(stale.out()).isEmpty();
    assertThat(stale.err()).isEmpty();
    long until = System.currentTimeMillis() + 60_000;
    while ((Files.readString(launcher.cdsDir.resolve("stamp")).equals(stamp)
            || Files.exists(launcher.cdsDir.resolve(".making")))
        && System.currentTimeMillis() < until) {
      Thread.sleep(200);
    }
    assertThat(Files.readString(launcher.cdsDir.resolve("stamp"))).isNotEqualTo(stamp);

    // a damaged archive whose stamp still matches: the JVM ignores it; stdout stays empty
    Files.write(launcher.cdsDir.resolve("vicisync.jsa"), new byte[4096]);
    Ran damaged = run(launcher, "");
    assertThat(damaged.exit()).isZero();
    assertThat(damaged.out()).isEmpty();
    assertThat(receiver.posts()).as("nothing sent twice by any of this").hasSize(20);
  }

  @Test
  void theShippedClassListCoversEveryVicisyncClassARunLoads() throws Exception {
    vici.insertFinished(5, "1800000051.");
    Path list = tmp.resolve("classlist");
    Process p = vici.start(List.of("-Xshare:off", "-XX:DumpLoadedClassList=" + list), "run");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Set<String> shipped = ours(Path.of("packaging", "common", "lib", "classlist"));
    Set<String> loaded = ours(list);
    loaded.removeAll(shipped);
    assertThat(loaded)
        .as(
            "classes a run loads that packaging/common/lib/classlist lacks, so"
                + " the CDS archive would not hold them; refresh the list with"
                + " mvn -Pbench -DskipTests verify -Dbench.only=classlist")
        .isEmpty();
  }

  private static Set<String> ours(Path classList) throws Exception {
    return Files.readAllLines(classList).stream()
        .filter(l -> l.startsWith("io/vicisync/") && !l.contains("$$Lambda"))
        .map(l -> l.substring(0, l.indexOf(' ') < 0 ? l.length() : l.indexOf(' ')))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Ran run(Launcher launcher, String javaOpts) throws Exception {
    ProcessBuilder pb = launcher.command(vici, "run");
    pb.environment().put("JAVA_OPTS", javaOpts);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
