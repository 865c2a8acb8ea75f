package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https receiver whose certificate a private CA signed: trusted through [sync] api_ca_file. */
class TlsIT {
  private static final String PASS = "changeit";
  @TempDir Path tmp;

  @Test
  void aPrivateCaIsTrustedOnlyWhenApiCaFileNamesIt() throws Exception {
    Path pki = Files.createDirectories(tmp.resolve("pki"));
    keytool(
        pki,
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-dname",
        "CN=Test CA",
        "-ext",
        "bc:c",
        "-keystore",
        "ca.p12",
        "-validity",
        "2");
    keytool(pki, "-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
    keytool(
        pki,
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-dname",
        "CN=127.0.0.1",
        "-keystore",
        "server.p12",
        "-validity",
        "2");
    keytool(pki, "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    keytool(
        pki,
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-infile",
        "server.csr",
        "-outfile",
        "server.pem",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-rfc");
    keytool(
        pki,
        "-importcert",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "server.p12",
        "-noprompt");
    keytool(
        pki, "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12");

    try (Receiver receiver = new Receiver(serverContext(pki.resolve("server.p12")))) {
      Vici vici = new Vici(Files.createDirectories(tmp.resolve("vici")), receiver);
      vici.insertFinished(5, "1700000901.");

      Vici.Result untrusted = vici.run("run");
      assertThat(untrusted.exit()).as("the JVM's trust store does not know the CA").isEqualTo(78);
      assertThat(untrusted.err()).contains("TLS handshake").contains("api_ca_file");
      assertThat(receiver.requests()).isZero();

      vici.sync("api_ca_file = " + pki.resolve("ca.pem"));
      Vici.Result trusted = vici.run("run");
      assertThat(trusted.exit()).as(trusted.err()).isZero();
      assertThat(receiver.countByUniqueid()).hasSize(5);
      assertThat(vici.run("doctor").out()).contains("✓ receiver: GET https://127.0.0.1:");

      vici.sync("api_ca_file = " + pki.resolve("server.csr"));
      Vici.Result bad = vici.run("run");
      assertThat(bad.exit()).isEqualTo(78);
      assertThat(bad.err()).contains("api_ca_file").contains("server.csr");
    }
  }

  private static SSLContext serverContext(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storepass", PASS, "-keypass", PASS));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(
            String.join(" ", args)
                + ": "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }
}
