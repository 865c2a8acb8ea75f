package io.vicisync.it;

import io.vicisync.state.disk.RunLock;
import java.nio.file.Path;

/** A separate JVM holding the state directory's lock, as a long run would: args STATE_DIR. */
public final class HoldLock {
  private HoldLock() {}

  public static void main(String[] args) throws Exception {
    var lock =
        RunLock.tryAcquire(
            Path.of(args[0]).resolve("vicisync.lock"),
            ProcessHandle.current().pid() + " run",
            new StringBuilder());
    System.out.println(lock.isPresent() ? "held" : "busy");
    System.out.flush();
    Thread.sleep(60_000);
  }
}
