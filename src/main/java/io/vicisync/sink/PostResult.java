package io.vicisync.sink;

/**
 * How a post ended, after any retries.
 *
 * @param status the last HTTP status, or 0 when no answer came
 * @param answer the receiver's body, or what went wrong, trimmed for a log line
 */
public record PostResult(Outcome outcome, int status, String answer, int retries) {

  public enum Outcome {
    /** 2xx or 409: the receiver has it */
    DELIVERED,
    /** 400, 413, 422: it will never be accepted as it is; dead-letter it and go on */
    REFUSED,
    /** 401, 403: the API key is wrong; stop at once */
    UNAUTHORIZED,
    /** 404, 405: the URL is not the DID Optimizer API */
    WRONG_URL,
    /** still failing when the retries or the run's time ran out; stop, the next run resumes */
    GAVE_UP
  }
}
