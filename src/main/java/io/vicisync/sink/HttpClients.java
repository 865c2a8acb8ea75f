package io.vicisync.sink;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.ApiSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The one way vicisync talks HTTP to the receiver: posts and doctor's health check alike. */
final class HttpClients {
  private HttpClients() {}

  /** Seconds the JDK's client keeps an idle connection (read once, when the first is made). */
  private static final String KEEPALIVE = "jdk.httpclient.keepalive.timeout";

  /**
   * HTTP/1.1 (the receiver is Node.js behind, at most, a proxy), redirects never followed (they
   * would carry the API key elsewhere), and, with {@code [sync] api_ca_file}, TLS trusting only the
   * certificates in that PEM file: a receiver with a private CA.
   */
  static HttpClient build(ApiSettings api) {
    // Node.js closes an idle kept-alive connection after 5 s; a post on one it is closing breaks
    // without an answer, which vicisync must treat as maybe stored. Let ours go first.
    if (System.getProperty(KEEPALIVE) == null) {
      System.setProperty(KEEPALIVE, "3");
    }
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(api.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (api.caFile() != null) {
      b.sslContext(trusting(api.caFile()));
    }
    return b.build();
  }

  static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw badCa(pem, "holds no certificate");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw badCa(pem, "cannot be read (" + Text.safe(e.getMessage()) + ")");
    } catch (GeneralSecurityException e) {
      throw badCa(pem, "is not a PEM certificate file (" + Text.safe(e.getMessage()) + ")");
    }
  }

  private static VicisyncException badCa(Path pem, String why) {
    return VicisyncException.config(
        "[sync] api_ca_file "
            + pem
            + " "
            + why
            + "; give the PEM"
            + " file of the CA that signed the receiver's certificate");
  }
}
