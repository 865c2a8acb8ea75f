package io.vicisync.sink;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;

/** Why an answer that is neither a delivery nor a refusal ends the command, and with what code. */
public final class Stopping {
  private Stopping() {}

  public static VicisyncException of(PostResult r, Sender poster, String uniqueid) {
    return switch (r.outcome()) {
      case UNAUTHORIZED ->
          new VicisyncException(
              ExitCode.PERMISSION,
              "the receiver refused"
                  + " the API key (HTTP "
                  + r.status()
                  + " "
                  + Text.oneLine(r.answer(), 100)
                  + "): check"
                  + " api_key in dids.conf or $API_KEY; nothing was skipped");
      case WRONG_URL ->
          VicisyncException.config(
              "the receiver answered HTTP "
                  + r.status()
                  + " at "
                  + poster.uri()
                  + ": check api_base_url in dids.conf or"
                  + " $DID_OPTIMIZER_API_URL; nothing was skipped");
      case REDIRECTED ->
          VicisyncException.config(
              "the receiver at "
                  + poster.uri()
                  + " answered HTTP "
                  + r.status()
                  + " ("
                  + r.answer()
                  + "): the API has moved; set"
                  + " api_base_url in dids.conf (or $DID_OPTIMIZER_API_URL) to the new address;"
                  + " nothing was skipped");
      case NOT_THE_API ->
          VicisyncException.config(
              "the receiver at "
                  + poster.uri()
                  + " answered HTTP "
                  + r.status()
                  + " with a web page, not the DID Optimizer API: \""
                  + Text.oneLine(r.answer(), 100)
                  + "\"; check the host and port of api_base_url in"
                  + " dids.conf; no call was counted as delivered, nothing was skipped");
      case TLS_FAILED ->
          VicisyncException.config(
              "the TLS handshake with "
                  + poster.uri()
                  + " failed ("
                  + r.answer()
                  + "): if the receiver's certificate comes from a private"
                  + " CA, set [sync] api_ca_file in dids.conf to that CA's PEM file; nothing was"
                  + " skipped");
      case NOT_ACKNOWLEDGED ->
          new VicisyncException(
              ExitCode.TEMPORARY,
              "the receiver at "
                  + poster.uri()
                  + " answered HTTP "
                  + r.status()
                  + " without the API's"
                  + " acknowledgement ({\"success\":true}): \""
                  + Text.oneLine(r.answer(), 100)
                  + "\";"
                  + " "
                  + uniqueid
                  + " was not counted as delivered, nothing was skipped, the next run"
                  + " resumes from it");
      case UNANSWERED ->
          new VicisyncException(
              ExitCode.TEMPORARY,
              "no answer to "
                  + uniqueid
                  + " from "
                  + poster.uri()
                  + ": "
                  + r.answer()
                  + "; nothing was skipped, the next run resumes from it");
      default ->
          new VicisyncException(
              ExitCode.TEMPORARY,
              "could not deliver "
                  + uniqueid
                  + ": "
                  + r.answer()
                  + "; nothing was skipped, the next run resumes from it");
    };
  }
}
