package io.polyface.toolkit.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputEchoTest {

    @Test
    void shortInputIsQuotedWholeAndLongInputIsCutWithoutSplittingASurrogatePair() {
        assertThat(InputEcho.of("abc")).isEqualTo("abc");
        assertThat(InputEcho.of("a".repeat(64))).isEqualTo("a".repeat(64));
        assertThat(InputEcho.of("a".repeat(65))).isEqualTo("a".repeat(64) + "...");
        assertThat(InputEcho.of("a".repeat(63) + "\uD83D\uDE00")).isEqualTo("a".repeat(63) + "...");
    }
}
