package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive OS lock that keeps two runs apart (cron starts one every minute whether or not the
 * last has finished). The kernel drops it when the process dies, so a crash never leaves it stuck.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty with the holder's pid (if known) when another run has it. */
  public static Optional<RunLock> tryAcquire(Path stateDir, long pid, StringBuilder holderPid) {
    Path file = stateDir.resolve("vicisync.lock");
    try {
      FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        holderPid.append(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII)
            .strip());
        ch.close();
        return Optional.empty();
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(false);
      return Optional.of(new RunLock(ch, l));
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot lock " + file + " (" + e + "); check the state directory's permissions");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the kernel releases the lock when the process exits anyway
    }
  }
}
