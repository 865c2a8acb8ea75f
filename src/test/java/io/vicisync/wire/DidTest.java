package io.vicisync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The DID as the DID Optimizer's ends-with match needs it, from what VICIdial wrote. */
class DidTest {
  @Test
  void theNumberInsideTheAngleBracketsOfVicidialsCallerId() {
    assertThat(Did.of("\"V1130124501000012345\" <2125550101>")).isEqualTo("2125550101");
    assertThat(Did.of("\"ACME Sales\" <12125550101>"))
        .as("a NANP number with its leading 1 is sent as its national number")
        .isEqualTo("2125550101");
    assertThat(Did.of("2125550101")).isEqualTo("2125550101");
    assertThat(Did.of("+1 (212) 555-0101")).isEqualTo("2125550101");
    assertThat(Did.of("\"x\" <442079460000>")).as("not NANP: kept whole").isEqualTo("442079460000");
  }

  @Test
  void nothingTheOptimizerCouldMatchIsNoDid() {
    assertThat(Did.of(null)).isNull();
    assertThat(Did.of("")).isNull();
    assertThat(Did.of("\"V1130124501000012345\" <>"))
        .as("the caller code's digits are not the DID")
        .isNull();
    assertThat(Did.of("5550101")).as("fewer than 10 digits match no DID").isNull();
    assertThat(Did.of("0000000000")).as("VICIdial's placeholder caller ID").isNull();
    assertThat(Did.of("<1234567890123456789>")).as("no phone number is that long").isNull();
    assertThat(Did.of("\"a\" <2125550101")).as("an unclosed bracket").isEqualTo("2125550101");
  }
}
