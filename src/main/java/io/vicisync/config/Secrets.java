package io.vicisync.config;

/** How a secret is shown when settings are logged: its length and nothing of its content. */
public final class Secrets {
  private Secrets() {}

  /** A URL with any {@code user:password@} before its host masked. */
  public static String maskUserInfo(String url) {
    return url == null ? null : url.replaceFirst("(?<=://)[^/@?#]*@", "****@");
  }

  public static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : "****(" + secret.length() + " chars)";
  }
}
