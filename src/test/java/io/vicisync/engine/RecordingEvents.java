package io.vicisync.engine;

import io.vicisync.source.CallRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The core's events, kept as lines for a test to read. */
final class RecordingEvents implements Events {
  final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void delivered(CallRow row, String postedAs, boolean resend) {
    lines.add((resend ? "resent " : "delivered ") + postedAs + " " + row.status());
  }

  @Override
  public void refused(CallRow row, String postedAs, int status, String answer) {
    lines.add("refused " + postedAs + " " + status);
  }

  @Override
  public void changedAfterDelivery(CallRow row, String postedAs, String why) {
    lines.add("changed " + postedAs + " " + row.status() + ": " + why);
  }

  @Override
  public void wouldSend(CallRow row, String postedAs, boolean resend) {
    lines.add("would send " + postedAs);
  }

  @Override
  public void notice(String line) {
    lines.add("notice: " + line);
  }

  @Override
  public void warning(String line) {
    lines.add("warning: " + line);
  }

  @Override
  public void failure(String line) {
    lines.add("failure: " + line);
  }
}
