package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.dialect.EngineRouter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The journal's ring per dialect, its filters, clearing it, and the tenant an exchange acted for. */
class RequestJournalTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();

    private static RequestJournal.Exchange exchange(String dialect, String path, int status) {
        RequestJournal.Wire request = new RequestJournal.Wire(Map.of(), "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        RequestJournal.Wire response = new RequestJournal.Wire(Map.of(), "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        return new RequestJournal.Exchange(dialect, "op", "POST", path, Map.of(), request, status, response, 1_500_000);
    }

    private static List<String> paths(RequestJournal.Found found) {
        return found.entries().stream().map(JournalEntry::path).toList();
    }

    @Test
    void eachDialectKeepsItsLatestExchangesNewestFirst() {
        RequestJournal journal = new RequestJournal(new RequestJournal.Settings(3, 4096), clock);
        for (int i = 1; i <= 5; i++) {
            journal.record(exchange("dmai", "/dmai/" + i, 200));
        }
        journal.record(exchange("qiniu", "/qiniu/1", 200));

        assertThat(paths(journal.find(JournalQuery.all()))).containsExactly("/qiniu/1", "/dmai/5", "/dmai/4", "/dmai/3");
    }

    @Test
    void filtersByDialectStatusPathSinceAndLimit() {
        RequestJournal journal = new RequestJournal(new RequestJournal.Settings(10, 4096), clock);
        journal.record(exchange("dmai", "/dmai/face/insert", 200));
        journal.record(exchange("dmai", "/dmai/face/search", 404));
        clock.now = clock.now.plusSeconds(60);
        journal.record(exchange("qiniu", "/qiniu/v1/face/groups", 401));
        journal.record(exchange("dmai", "/dmai/face/search", 200));

        assertThat(paths(journal.find(query(Map.of("dialect", "qiniu"))))).containsExactly("/qiniu/v1/face/groups");
        assertThat(paths(journal.find(query(Map.of("status", "4xx"))))).containsExactly("/qiniu/v1/face/groups", "/dmai/face/search");
        assertThat(paths(journal.find(query(Map.of("status", "200", "path", "search"))))).containsExactly("/dmai/face/search");
        assertThat(paths(journal.find(query(Map.of("since", "2026-03-01T10:01:00Z"))))).hasSize(2);
        RequestJournal.Found newest = journal.find(query(Map.of("limit", "1")));
        assertThat(newest.matched()).isEqualTo(4);
        assertThat(paths(newest)).containsExactly("/dmai/face/search");
        assertThat(newest.entries().getFirst().nanos()).isEqualTo(1_500_000);
    }

    @Test
    void malformedFiltersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> query(Map.of("status", "bad"))).hasMessageContaining("status");
        assertThatThrownBy(() -> query(Map.of("since", "yesterday"))).hasMessageContaining("since");
        assertThatThrownBy(() -> query(Map.of("limit", "0"))).hasMessageContaining("limit");
        assertThatThrownBy(() -> query(Map.of("method", "GET"))).hasMessageContaining("unknown parameter 'method'");
    }

    @Test
    void clearingForgetsAllOrOneDialect() {
        RequestJournal journal = new RequestJournal(new RequestJournal.Settings(10, 4096), clock);
        journal.record(exchange("dmai", "/dmai/a", 200));
        journal.record(exchange("qiniu", "/qiniu/a", 200));
        journal.record(exchange("qiniu", "/qiniu/b", 200));

        assertThat(journal.clear(Optional.of("qiniu"))).isEqualTo(2);
        assertThat(paths(journal.find(JournalQuery.all()))).containsExactly("/dmai/a");
        assertThat(journal.clear(Optional.empty())).isEqualTo(1);
        assertThat(journal.find(JournalQuery.all()).entries()).isEmpty();
    }

    @Test
    void theTenantNotedThroughTheRouterGoesWithTheExchange() {
        RequestJournal journal = new RequestJournal(new RequestJournal.Settings(10, 4096), clock);
        AtomicReference<String> asked = new AtomicReference<>();
        EngineRouter router = (dialect, tenant, collection) -> {
            asked.set(tenant);
            return null;
        };
        EngineRouter watching = journal.watching(router);

        journal.begin();
        watching.engineFor("sensetime", "account-7", Optional.empty());
        journal.record(exchange("sensetime", "/sensetime/info/api", 200));
        journal.begin();
        journal.record(exchange("sensetime", "/sensetime/unknown", 404));

        assertThat(asked.get()).isEqualTo("account-7");
        List<JournalEntry> entries = journal.find(JournalQuery.all()).entries();
        assertThat(entries.get(1).tenant()).contains("account-7");
        assertThat(entries.get(0).tenant()).isEmpty();
    }

    @Test
    void offRecordsNothingAndLeavesTheRouterAlone() {
        RequestJournal off = RequestJournal.off();
        EngineRouter router = (dialect, tenant, collection) -> null;

        off.record(exchange("dmai", "/dmai/a", 200));

        assertThat(off.on()).isFalse();
        assertThat(off.find(JournalQuery.all()).entries()).isEmpty();
        assertThat(off.watching(router)).isSameAs(router);
    }

    @Test
    void settingsOutOfRangeNameTheirKey() {
        assertThatThrownBy(() -> new RequestJournal.Settings(-1, 4096)).hasMessageContaining("journal.size");
        assertThatThrownBy(() -> new RequestJournal.Settings(10, -1)).hasMessageContaining("journal.max-body-bytes");
    }

    private static JournalQuery query(Map<String, String> parameters) {
        return JournalQuery.parse(parameters);
    }
}
