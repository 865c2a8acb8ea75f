package io.vicisync.config;

/**
 * Where VICIdial's database is. {@code options} are extra MariaDB Connector/J URL parameters
 * ({@code [sync] db_options}); {@code timeZone}, when set, is the session time zone in which {@code
 * call_date} was written, for a database server whose own zone differs from VICIdial's; {@code
 * passwordCaution}, when not null, why the password read may not be the one meant (a refused login
 * says it).
 */
public record DbSettings(
    String host,
    int port,
    String name,
    String user,
    String password,
    String options,
    String timeZone,
    String passwordCaution) {

  public String jdbcUrl() {
    String url = "jdbc:mariadb://" + host + ":" + port + "/" + name;
    return options.isEmpty() ? url : url + "?" + options;
  }

  /** Never prints the password, so the record can be logged. */
  @Override
  public String toString() {
    return user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + name
        + " (password "
        + Secrets.mask(password)
        + ")";
  }
}
