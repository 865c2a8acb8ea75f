package io.vicisync.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh VICIdial database, config files, state directory and receiver for each test. */
abstract class ViciTest {
  @TempDir Path tmp;
  Receiver receiver;
  Vici vici;

  @BeforeEach
  void startViciAndReceiver() throws Exception {
    receiver = new Receiver();
    vici = new Vici(tmp, receiver);
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }
}
