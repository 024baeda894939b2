package io.polyface.toolkit.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {
    private static final String GRIN = "\uD83D\uDE00";

    @Test
    void shortInputIsQuotedWholeLongInputAsAPrefix() {
        assertThat(ClientText.echo("img-1")).isEqualTo("img-1");
        assertThat(ClientText.echo("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(ClientText.echo("x".repeat(65))).isEqualTo("x".repeat(64) + "...");
        assertThat(ClientText.echo("x".repeat(5 << 20))).hasSize(67);
    }

    @Test
    void aCharacterOutsideTheBmpAtTheCutIsLeftOutWholeNotHalved() {
        assertThat(ClientText.echo("x".repeat(63) + GRIN + "y")).isEqualTo("x".repeat(63) + "...");
    }

    @Test
    void lengthsAreCountedInCharactersNotUtf16Units() {
        assertThat(ClientText.longerThan(GRIN.repeat(256), 256)).isFalse();
        assertThat(ClientText.longerThan(GRIN.repeat(257), 256)).isTrue();
        assertThat(ClientText.longerThan("x".repeat(256), 256)).isFalse();
        assertThat(ClientText.longerThan("x".repeat(257), 256)).isTrue();
        assertThat(ClientText.longerThan("", 0)).isFalse();
    }
}
