package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;

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

  /**
   * The lock, waiting up to {@code waitMillis} for another holder to finish; empty (with the
   * holder's "pid command" in {@code holder}) when it is still held. {@code waiting} is told once,
   * with the holder, when this has to wait.
   */
  public static Optional<RunLock> acquire(
      Path file,
      String pidAndCommand,
      long waitMillis,
      StringBuilder holder,
      Consumer<String> waiting) {
    long until = System.currentTimeMillis() + waitMillis;
    boolean told = false;
    while (true) {
      holder.setLength(0);
      Optional<RunLock> l = tryAcquire(file, pidAndCommand, holder);
      if (l.isPresent() || System.currentTimeMillis() >= until) {
        return l;
      }
      if (!told) {
        waiting.accept(holder.length() == 0 ? "unknown" : holder.toString());
        told = true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /**
   * Who holds the lock now ("pid command"), or empty when it is free. Takes it for an instant to
   * find out and writes nothing, so a run starting at that moment loses at most that instant.
   */
  public static Optional<String> holder(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock l = ch.tryLock();
      if (l != null) {
        l.release();
        return Optional.empty();
      }
      String pid = readPid(ch);
      return Optional.of(pid.isEmpty() ? "unknown" : pid);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot open " + file + " (" + e + "); check the state directory's permissions");
    }
  }

  /** The lock, or empty with the holder's "pid command" (if known) when another run has it. */
  public static Optional<RunLock> tryAcquire(
      Path file, String pidAndCommand, StringBuilder holderPid) {
    try {
      FileChannel ch = SafeFiles.readWrite(file, SafeFiles.PRIVATE);
      FileLock l = ch.tryLock();
      if (l == null) {
        holderPid.append(readPid(ch));
        ch.close();
        return Optional.empty();
      }
      // pid first, then trim: the file is never seen empty once it has held a pid
      byte[] line = (pidAndCommand + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.write(ByteBuffer.wrap(line), 0);
      ch.truncate(line.length);
      ch.force(false);
      return Optional.of(new RunLock(ch, l));
    } catch (IOException e) {
      throw VicisyncException.stateDisk(
          file,
          e,
          VicisyncException.config(
              "cannot lock "
                  + file
                  + " ("
                  + e.getMessage()
                  + "); check the state directory's"
                  + " permissions"));
    }
  }

  /** The holder writes its pid right after locking; a brand-new file may be empty for a moment. */
  private static String readPid(FileChannel ch) throws IOException {
    for (int tries = 0; tries < 20; tries++) {
      ByteBuffer buf = ByteBuffer.allocate(64);
      ch.read(buf, 0);
      String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
      if (!pid.isEmpty()) {
        return pid;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return "";
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
