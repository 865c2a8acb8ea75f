package io.vicisync.sink;

/**
 * How a post ended, after any retries.
 *
 * @param status the last HTTP status, or 0 when no answer came
 * @param answer the receiver's body, or what went wrong, made safe for a log line
 */
public record PostResult(Outcome outcome, int status, String answer, int retries) {

  public enum Outcome {
    /** 2xx with {@code "success": true}, or 409: the receiver has it */
    DELIVERED,
    /**
     * 400, 413, 422, or a request that cannot even be built from the row: it will never be accepted
     * as it is; dead-letter it and go on
     */
    REFUSED,
    /** 401, 403: the API key is wrong; stop at once */
    UNAUTHORIZED,
    /** 404, 405: the URL is not the DID Optimizer API */
    WRONG_URL,
    /** 3xx: the API moved (typically to https); the answer names the Location */
    REDIRECTED,
    /** 2xx with an HTML page: a web server or proxy that is plainly not the API */
    NOT_THE_API,
    /** the TLS handshake failed: an untrusted certificate (a private CA), or no common cipher */
    TLS_FAILED,
    /** 2xx without the API's acknowledgement (empty, not JSON, no success:true): not delivered */
    NOT_ACKNOWLEDGED,
    /**
     * sent, but no answer came (a timeout, or the connection broke after the request went out): the
     * receiver may have stored it, so it is not posted again in this run
     */
    UNANSWERED,
    /** a dry run: not sent, would have been */
    DRY_RUN,
    /** still failing when the retries or the run's time ran out; stop, the next run resumes */
    GAVE_UP
  }
}
