package io.vicisync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A state disk that is full or read-only exits 74, as the README's table says; not 78. */
class StateDiskTest {
  static final Path LOCK = Path.of("/var/lib/vicisync/vicisync.lock");
  final VicisyncException config = VicisyncException.config("check the permissions");

  @Test
  void aFullOrReadOnlyDiskIs74AndAPermissionStaysTheConfigurations() {
    assertThat(
            VicisyncException.stateDisk(
                    LOCK,
                    new FileSystemException(LOCK.toString(), null, "Read-only file system"),
                    config)
                .exitCode())
        .isEqualTo(ExitCode.IO_ERROR);
    assertThat(
            VicisyncException.stateDisk(
                    LOCK,
                    new FileSystemException(LOCK.toString(), null, "No space left on device"),
                    config)
                .getMessage())
        .contains("No space left on device")
        .contains("free space there");
    assertThat(
            VicisyncException.stateDisk(LOCK, new AccessDeniedException(LOCK.toString()), config))
        .isSameAs(config);
  }
}
