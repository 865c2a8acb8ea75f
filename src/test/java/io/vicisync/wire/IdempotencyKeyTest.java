package io.vicisync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void aPlainAsteriskUniqueidReadsAsItAlwaysDid() {
    assertThat(EncodedCall.idempotencyKey("1729771234.567", 0xabcL))
        .isEqualTo("1729771234.567:0000000000000abc");
  }

  @Test
  void anyUniqueidVicidialCanHoldMakesAValidHeader() {
    for (String id :
        new String[] {
          "17000004\u0001.2", "1700000400€3", "a b\r\nX-Evil: 1", "é😀", "\u007f\u0085"
        }) {
      String key = EncodedCall.idempotencyKey(id, 42);
      assertThat(key).matches("[A-Za-z0-9._%-]+:[0-9a-f]{16}");
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Idempotency-Key", key);
    }
    assertThat(EncodedCall.idempotencyKey("1700000400€3", 1)).startsWith("1700000400%E2%82%AC3:");
  }
}
