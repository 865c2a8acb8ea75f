package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages resolve and install where VICIdial runs, with the distributions' own package
 * managers (Debian's zypper, dnf, rpm and createrepo-c packages), in scratch roots, against local
 * repositories that hold exactly the names and provides those distributions have
 * (src/test/resources/platforms/*.repo say where each was confirmed): a dependency on a name that
 * does not exist there fails. The .deb is resolved by apt against Debian 12's own archive, from an
 * empty system.
 */
class PlatformsIT {
  private static final String VERSION = System.getProperty("vicisync.version", "0.1.0");
  private static final Path TARGET = Path.of("target");

  @TempDir Path tmp;

  private static Path rpm() {
    return TARGET.resolve("vicisync-" + VERSION + "-1.noarch.rpm").toAbsolutePath();
  }

  /** One package of a model repository. */
  private record Model(String name, String version, List<String> provides, List<String> requires) {}

  private static List<Model> model(String platform) throws Exception {
    List<Model> out = new ArrayList<>();
    String text =
        new String(
            PlatformsIT.class
                .getResourceAsStream("/platforms/" + platform + ".repo")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] nameAndProvides = line.split("\\|", 2);
      String[] nv = nameAndProvides[0].trim().split("\\s+", -1);
      List<String> provides = new ArrayList<>();
      for (String p : nameAndProvides[1].split(",", -1)) {
        if (!p.isBlank()) {
          provides.add(p.trim());
        }
      }
      out.add(new Model(nv[0], nv[1], provides, List.of()));
    }
    return out;
  }

  /** Builds the model's packages with rpmbuild and makes a repository of them. */
  private Path repository(String platform, List<Model> extra) throws Exception {
    Path top = tmp.resolve(platform + "-build");
    Path repo = tmp.resolve(platform + "-repo");
    Files.createDirectories(repo);
    List<Model> all = new ArrayList<>(model(platform));
    all.addAll(extra);
    for (Model m : all) {
      boolean sh = m.provides().contains("/bin/sh");
      Path spec = top.resolve(m.name() + ".spec");
      Files.createDirectories(top);
      Files.writeString(
          spec,
          "Name: "
              + m.name()
              + "\nVersion: "
              + m.version()
              + "\nRelease: 1\nSummary: model of "
              + platform
              + "'s "
              + m.name()
              + "\nLicense: none\nBuildArch: noarch\nAutoReqProv: no\n"
              + (m.provides().isEmpty()
                  ? ""
                  : "Provides: " + String.join(", ", m.provides()) + "\n")
              + (m.requires().isEmpty()
                  ? ""
                  : "Requires: " + String.join(", ", m.requires()) + "\n")
              + "%description\nmodel\n%install\n"
              + (sh
                  ? "mkdir -p %{buildroot}/bin\ninstall -m 755 "
                      + busybox()
                      + " %{buildroot}/bin/sh\n"
                  : "mkdir -p %{buildroot}/usr/share/model\necho "
                      + m.name()
                      + " > %{buildroot}/usr/share/model/"
                      + m.name()
                      + "\n")
              + "%files\n"
              + (sh ? "/bin/sh\n" : "/usr/share/model/" + m.name() + "\n"));
      Vici.Result r =
          Tools.exec(
              List.of(
                  "rpmbuild",
                  "-bb",
                  "--define",
                  "_topdir " + top.toAbsolutePath(),
                  "--define",
                  "_rpmdir " + repo.toAbsolutePath(),
                  "--define",
                  "_build_name_fmt %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}.rpm",
                  "--define",
                  "_binaries_in_noarch_packages_terminate_build 0",
                  spec.toString()));
      assertThat(r.exit()).as(r.out()).isZero();
    }
    Vici.Result c = Tools.exec(List.of("createrepo_c", "-q", repo.toString()));
    assertThat(c.exit()).as(c.out()).isZero();
    return repo;
  }

  private static String busybox() throws Exception {
    return Tools.exec(List.of("sh", "-c", "command -v busybox")).out().trim();
  }

  private Path zypperRoot(Path repo) throws Exception {
    Path root = tmp.resolve("vicibox-root");
    Files.createDirectories(root);
    Vici.Result ar =
        Tools.exec(
            List.of(
                "zypper",
                "--root",
                root.toString(),
                "--non-interactive",
                "addrepo",
                "--no-gpgcheck",
                "file://" + repo.toAbsolutePath(),
                "vicibox12"));
    assertThat(ar.exit()).as(ar.out()).isZero();
    return root;
  }

  /** The README's line for ViciBox, in a scratch root: zypper install --allow-unsigned-rpm. */
  @Test
  void theRpmInstallsOnViciBox12WithZypperAsTheReadmeSays() throws Exception {
    Tools.need("PlatformsIT", "zypper", "zypper");
    needRpmTools();
    Path root = zypperRoot(repository("vicibox12", List.of()));
    Vici.Result r =
        Tools.exec(
            List.of(
                "zypper",
                "--root",
                root.toString(),
                "--non-interactive",
                "install",
                "--allow-unsigned-rpm",
                rpm().toString()));
    assertThat(r.exit()).as(r.out()).isZero();
    System.out.println(
        "PlatformsIT: zypper (ViciBox 12 model): installed vicisync with "
            + assertInstalled(root)
            + ", cronie, logrotate");
  }

  /** The README's line for AlmaLinux / Rocky 9, in a scratch root: dnf install. */
  @Test
  void theRpmInstallsOnAlma9WithDnfAsTheReadmeSays() throws Exception {
    Tools.need("PlatformsIT", "dnf", "dnf");
    needRpmTools();
    Path repo = repository("alma9", List.of());
    Path root = tmp.resolve("alma-root");
    Files.createDirectories(root);
    Vici.Result r =
        Tools.exec(
            List.of(
                "dnf",
                "--installroot",
                root.toString(),
                "--releasever",
                "9",
                "--setopt=reposdir=" + tmp.resolve("no-repos"),
                "--setopt=cachedir=" + tmp.resolve("dnf-cache"),
                "--disablerepo=*",
                "--repofrompath=alma9,file://" + repo.toAbsolutePath(),
                "--setopt=alma9.gpgcheck=0",
                "--nodocs",
                "-y",
                "install",
                rpm().toString()));
    assertThat(r.exit()).as(r.out()).isZero();
    System.out.println(
        "PlatformsIT: dnf (AlmaLinux 9 model): installed vicisync with "
            + assertInstalled(root)
            + ", cronie, logrotate");
  }

  /**
   * The models can say no: a package that needs what ViciBox does not have (crontabs, as the .rpm
   * did) does not install, with zypper's own words.
   */
  @Test
  void aDependencyViciBoxLacksFailsTheInstall() throws Exception {
    Tools.need("PlatformsIT", "zypper", "zypper");
    needRpmTools();
    Path repo =
        repository(
            "vicibox12", List.of(new Model("needs-crontabs", "1", List.of(), List.of("crontabs"))));
    Path root = zypperRoot(repo);
    Vici.Result r =
        Tools.exec(
            List.of(
                "zypper",
                "--root",
                root.toString(),
                "--non-interactive",
                "install",
                "needs-crontabs"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("nothing provides", "crontabs");
  }

  /**
   * apt resolves the .deb from an empty system against this Debian 12's own archive: a Java 17 from
   * Debian itself, cron and logrotate.
   */
  @Test
  void theDebResolvesOnDebian12WithApt() throws Exception {
    Tools.need("PlatformsIT", "apt-get", "apt");
    Path deb = TARGET.resolve("vicisync_" + VERSION + "_all.deb").toAbsolutePath();
    Path status = Files.writeString(tmp.resolve("empty-status"), "");
    Vici.Result r =
        Tools.exec(
            List.of(
                "apt-get", "-s", "-o", "Dir::State::status=" + status, "install", deb.toString()));
    Assumptions.assumeTrue(
        !r.out().contains("Unable to locate") && r.out().contains("Inst "),
        "apt has no package lists (apt-get update): the .deb's resolution is skipped");
    assertThat(r.exit()).as(r.out()).isZero();
    List<String> inst = r.out().lines().filter(l -> l.startsWith("Inst ")).toList();
    System.out.println(
        "PlatformsIT: apt (Debian 12): "
            + inst.stream()
                .filter(
                    l ->
                        l.matches("Inst (vicisync|openjdk-\\S+|default-jre\\S*|cron|logrotate) .*"))
                .map(l -> l.split(" ", -1)[1])
                .toList());
    assertThat(inst)
        .anyMatch(l -> l.startsWith("Inst openjdk-17-jre-headless "))
        .anyMatch(l -> l.startsWith("Inst vicisync "))
        .noneMatch(l -> l.matches("Inst openjdk-(8|11|18|19|20)-.*"));
  }

  /**
   * Ubuntu 22.04, where default-jre-headless is Java 11 and an end-of-life 18 and 19 also provide
   * java17-runtime-headless: apt must pick OpenJDK 17 for the .deb (resolved by the real apt
   * against a local archive of those packages, from an empty system).
   */
  @Test
  void theDebTakesOpenJdk17OnUbuntu2204() throws Exception {
    Tools.need("PlatformsIT", "apt-get", "apt");
    Tools.need("PlatformsIT", "dpkg-scanpackages", "dpkg-dev");
    Path repo = Files.createDirectories(tmp.resolve("jammy"));
    String text =
        new String(
            PlatformsIT.class.getResourceAsStream("/platforms/ubuntu2204.deb-repo").readAllBytes(),
            StandardCharsets.UTF_8);
    for (String line : text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
      String[] f = line.split("\\|", -1);
      String[] nv = f[0].trim().split("\\s+", -1);
      String depends = f[1].trim();
      String upTo = f[2].trim();
      StringBuilder provides = new StringBuilder();
      if (!upTo.equals("-")) {
        int n = Integer.parseInt(upTo);
        provides.append("java-runtime-headless (= ").append(n).append(')');
        for (int m = 2; m <= n; m++) {
          provides.append(", java").append(m).append("-runtime-headless");
        }
      }
      Path dir = Files.createDirectories(tmp.resolve("deb-" + nv[0] + "/DEBIAN"));
      Files.writeString(
          dir.resolve("control"),
          "Package: "
              + nv[0]
              + "\nVersion: "
              + nv[1]
              + "\nArchitecture: all\nMaintainer: model <model@localhost>\nDescription: model of"
              + " Ubuntu 22.04's "
              + nv[0]
              + "\n"
              + (depends.equals("-") ? "" : "Depends: " + depends + "\n")
              + (provides.length() == 0 ? "" : "Provides: " + provides + "\n"));
      Vici.Result b =
          Tools.exec(
              List.of(
                  "dpkg-deb",
                  "--root-owner-group",
                  "--build",
                  dir.getParent().toString(),
                  repo.resolve(nv[0] + ".deb").toString()));
      assertThat(b.exit()).as(b.out()).isZero();
    }
    Vici.Result scan =
        Tools.exec(List.of("sh", "-c", "cd " + repo + " && dpkg-scanpackages -m . > Packages"));
    assertThat(scan.exit()).as(scan.out()).isZero();
    Path lists = Files.createDirectories(tmp.resolve("lists/partial"));
    Files.createDirectories(tmp.resolve("cache/archives/partial"));
    Path sources =
        Files.writeString(tmp.resolve("sources.list"), "deb [trusted=yes] file:" + repo + " ./\n");
    Path status = Files.writeString(tmp.resolve("empty-status"), "");
    List<String> apt =
        List.of(
            "-o", "Dir::Etc::SourceList=" + sources,
            "-o", "Dir::Etc::SourceParts=" + tmp.resolve("no-parts"),
            "-o", "Dir::State::Lists=" + lists.getParent(),
            "-o", "Dir::State::status=" + status,
            "-o", "Dir::Cache=" + tmp.resolve("cache"),
            "-o", "Debug::NoLocking=1");
    List<String> update = new ArrayList<>(List.of("apt-get"));
    update.addAll(apt);
    update.add("update");
    Vici.Result u = Tools.exec(update);
    assertThat(u.exit()).as(u.out()).isZero();
    List<String> install = new ArrayList<>(List.of("apt-get", "-s"));
    install.addAll(apt);
    install.addAll(
        List.of(
            "install",
            TARGET.resolve("vicisync_" + VERSION + "_all.deb").toAbsolutePath().toString()));
    Vici.Result r = Tools.exec(install);
    assertThat(r.exit()).as(r.out()).isZero();
    List<String> inst = r.out().lines().filter(l -> l.startsWith("Inst ")).toList();
    System.out.println(
        "PlatformsIT: apt (Ubuntu 22.04 model): "
            + inst.stream().map(l -> l.split(" ", -1)[1]).toList());
    assertThat(inst)
        .anyMatch(l -> l.startsWith("Inst openjdk-17-jre-headless "))
        .noneMatch(
            l -> l.matches("Inst (openjdk-(11|18|19)-jre-headless|default-jre-headless) .*"));
  }

  /** vicisync, a cron daemon, logrotate, and a Java 17 or newer: never 8 or 11. */
  private static String assertInstalled(Path root) throws Exception {
    Vici.Result q =
        Tools.exec(
            List.of("rpm", "--root", root.toString(), "-q", "vicisync", "cronie", "logrotate"));
    assertThat(q.exit()).as(q.out()).isZero();
    List<String> javas =
        Tools.exec(List.of("rpm", "--root", root.toString(), "-qa", "--qf", "%{NAME}\\n"))
            .out()
            .lines()
            .filter(n -> n.contains("openjdk"))
            .toList();
    assertThat(javas)
        .as("one Java 17 or newer, from the distribution")
        .hasSize(1)
        .allMatch(n -> n.matches("java-(17|21|25)-openjdk-headless"));
    assertThat(root.resolve("usr/bin/vicisync")).isExecutable();
    assertThat(root.resolve("etc/cron.d/vicisync")).exists();
    return javas.get(0);
  }

  /** rpmbuild and createrepo_c make the models; busybox is their /bin/sh; rpm --root chroots. */
  private static void needRpmTools() throws Exception {
    Tools.need("PlatformsIT", "rpmbuild", "rpm");
    Tools.need("PlatformsIT", "createrepo_c", "createrepo-c");
    Tools.need("PlatformsIT", "busybox", "busybox-static");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      System.out.println(
          "PlatformsIT: not root: rpm installs into a scratch root by chroot, which needs root;"
              + " the installs are skipped (CI runs as root)");
    }
    Assumptions.assumeTrue(root, "not root");
  }
}
