package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.AdminAccess.Decision;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccessTest {
    private static final String TOKEN = "an-admin-token-of-some-length";

    @Test
    void withoutATokenOnlyLoopbackClientsAreAnswered() throws Exception {
        AdminAccess access = new AdminAccess(Optional.empty());
        assertThat(access.decide(Optional.of(InetAddress.getByName("127.0.0.1")), Optional.empty())).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(Optional.of(InetAddress.getByName("::1")), Optional.empty())).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(Optional.of(InetAddress.getByName("10.1.2.3")), Optional.empty())).isEqualTo(Decision.NOT_LOOPBACK);
        assertThat(access.decide(Optional.of(InetAddress.getByName("203.0.113.9")), Optional.of("Bearer " + TOKEN)))
                .as("a token means nothing when none is configured").isEqualTo(Decision.NOT_LOOPBACK);
        assertThat(access.decide(Optional.empty(), Optional.empty())).as("an unknown peer").isEqualTo(Decision.NOT_LOOPBACK);
    }

    @Test
    void withATokenEveryClientMustBearItLoopbackToo() throws Exception {
        AdminAccess access = new AdminAccess(Optional.of(TOKEN));
        InetAddress remote = InetAddress.getByName("203.0.113.9");
        InetAddress local = InetAddress.getByName("127.0.0.1");
        assertThat(access.decide(Optional.of(remote), Optional.of("Bearer " + TOKEN))).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(Optional.of(local), Optional.of("bearer " + TOKEN))).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(Optional.of(local), Optional.empty())).as("a local proxy's clients look local").isEqualTo(Decision.NO_TOKEN);
        assertThat(access.decide(Optional.of(remote), Optional.of("Bearer " + TOKEN + "x"))).isEqualTo(Decision.NO_TOKEN);
        assertThat(access.decide(Optional.of(remote), Optional.of(TOKEN))).as("not a bearer header").isEqualTo(Decision.NO_TOKEN);
    }

    @Test
    void aShortTokenIsRefusedAndABlankOneMeansNone() {
        assertThatThrownBy(() -> new AdminAccess(Optional.of("short"))).hasMessageContaining("at least 16");
        assertThat(new AdminAccess(Optional.of("  ")).decide(Optional.empty(), Optional.empty())).isEqualTo(Decision.NOT_LOOPBACK);
    }
}
