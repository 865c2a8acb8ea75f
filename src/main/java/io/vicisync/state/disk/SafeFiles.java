package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file vicisync writes, opened the way a root process must on a server other users share:
 * never through a symbolic or hard link someone planted, with modes set explicitly whatever the
 * umask (the log and the dead letters hold customers' phone numbers), and in a directory nobody but
 * its owner can write to.
 */
public final class SafeFiles {
  /** State files and the log: the owner writes, its group (e.g. a monitoring group) reads. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");

  /** The lock: nobody else may open it, or hold it open to stall every run. */
  public static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");

  /** The metrics file is read by the exporter, another user: it holds no customer data. */
  public static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");

  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-x---");

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private SafeFiles() {}

  /** The uid this process runs as. */
  public static int myUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1; // not Linux: ownership is not checked
    }
  }

  /**
   * Creates {@code dir} and its missing parents with mode 0750; an existing {@code dir} must be
   * owned by this user or root and writable by no one else, or nothing in it can be trusted.
   */
  public static void directory(Path dir, String what) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (!Files.isDirectory(abs)) {
      Path parent = abs.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        directory(parent, what);
      }
      try {
        Files.createDirectory(abs);
        view(abs).setPermissions(DIR);
      } catch (FileAlreadyExistsException raced) {
        // made meanwhile by a concurrent run: checked below like any existing one
      }
    }
    PosixFileAttributes a = attributes(abs, false);
    if (a == null) {
      return;
    }
    int owner = uid(abs);
    Set<PosixFilePermission> p = a.permissions();
    boolean othersWrite =
        p.contains(PosixFilePermission.OTHERS_WRITE) || p.contains(PosixFilePermission.GROUP_WRITE);
    if ((owner != myUid() && owner != 0 && myUid() >= 0) || othersWrite) {
      throw VicisyncException.config(
          "refusing to use "
              + abs
              + " as "
              + what
              + ": it is "
              + (othersWrite
                  ? "writable by users other than its owner (mode "
                      + PosixFilePermissions.toString(p)
                      + ")"
                  : "owned by uid " + owner)
              + ", so another user could plant links there; run chown root "
              + abs
              + " && chmod 750 "
              + abs
              + ", or choose another directory");
    }
  }

  /** Opens {@code file} to append, creating it with {@code mode}; refuses links. */
  public static FileChannel append(Path file, Set<PosixFilePermission> mode) throws IOException {
    return open(
        file,
        mode,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS);
  }

  /** Appends one line to a state file (0640), written whole or not at all by one write. */
  public static void appendLine(Path file, String line) throws IOException {
    try (FileChannel ch = append(file, FILE)) {
      ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /** Opens {@code file} to read and write (the lock), creating it with {@code mode}. */
  public static FileChannel readWrite(Path file, Set<PosixFilePermission> mode) throws IOException {
    return open(
        file,
        mode,
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private static FileChannel open(Path file, Set<PosixFilePermission> mode, OpenOption... options)
      throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, Set.of(options), PosixFilePermissions.asFileAttribute(mode));
    } catch (IOException e) {
      if (Files.isSymbolicLink(file)) {
        throw refuse(file, "it is a symbolic link");
      }
      throw e;
    }
    try {
      PosixFileAttributes a = attributes(file, true);
      if (a != null) {
        if (!a.isRegularFile()) {
          throw refuse(file, "it is not a regular file");
        }
        Object links = Files.getAttribute(file, "unix:nlink", NOFOLLOW);
        if (links instanceof Integer n && n > 1) {
          throw refuse(
              file,
              "it has "
                  + n
                  + " hard links; another name may point at a file"
                  + " vicisync must not write");
        }
        int owner = uid(file);
        if (owner != myUid() && myUid() >= 0) {
          throw refuse(file, "it is owned by uid " + owner);
        }
        if (!a.permissions().equals(mode)) {
          view(file).setPermissions(mode); // the umask applied on create; an old file may differ
        }
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Sets {@code file}'s mode without following a link. */
  static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView v = view(file);
    if (v != null) {
      v.setPermissions(mode);
    }
  }

  private static VicisyncException refuse(Path file, String why) {
    return VicisyncException.config(
        "refusing to write "
            + file
            + ": "
            + why
            + "; remove it (it"
            + " was not made by vicisync) and check who else can write to "
            + file.toAbsolutePath().getParent());
  }

  private static PosixFileAttributeView view(Path p) {
    return Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW);
  }

  private static PosixFileAttributes attributes(Path p, boolean nofollow) throws IOException {
    PosixFileAttributeView v =
        nofollow ? view(p) : Files.getFileAttributeView(p, PosixFileAttributeView.class);
    return v == null ? null : v.readAttributes();
  }

  private static int uid(Path p) throws IOException {
    Object u = Files.getAttribute(p, "unix:uid", NOFOLLOW);
    return u instanceof Integer i ? i : -1;
  }
}
