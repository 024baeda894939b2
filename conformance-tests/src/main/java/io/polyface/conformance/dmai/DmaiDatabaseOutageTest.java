package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DatabaseOutage;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * 1001 "Database error" (section 5: the database is not running). Only an emulator lets a test
 * stop the database: this test starts its own gateway on a MongoDB wire server it controls, stops
 * that server, expects 1001, starts it again on the same port and expects the gateway to recover
 * by itself.
 */
class DmaiDatabaseOutageTest extends BaseDmaiTest {
    @Test
    @Proves(dialect = "dmai", code = "1001", basis = Basis.EMULATOR_ONLY, section = "5", operation = {"collection.create",
            "collection.clear", "collection.delete", "face.insert", "face.update", "target.delete", "collection.status", "face.search"})
    void anUnreachableDatabaseIs1001AndTheGatewayRecovers() throws Exception {
        try (DatabaseOutage outage = env.startOutage("polyface-outage-", Duration.ofMillis(1000), Map.of())) {
            DmaiClient client = new DmaiClient(outage.url("dmai"), Contract.load("dmai"));
            String image = env.faces().base64(Photos.STALLONE);
            String existing = env.name("outage");
            assertThat(client.post("/create/collection", Map.of("collection_name", existing)).errCode()).as("create while up").isZero();
            assertThat(insert(client, existing, image).errCode()).as("insert while up").isZero();

            outage.stopDatabase();

            assertThat(client.post("/create/collection", Map.of("collection_name", env.name("outage"))).errCode())
                    .as("create while the database is down").isEqualTo(1001);
            assertThat(insert(client, existing, image).errCode()).as("insert while the database is down").isEqualTo(1001);
            assertThat(client.update(existing, List.of(image), List.of("s")).errCode()).as("update while the database is down").isEqualTo(1001);
            assertThat(client.post("/delete/id", Map.of("collection_name", existing, "target_id", "s")).errCode())
                    .as("delete/id while the database is down").isEqualTo(1001);
            assertThat(client.post("/collection/status", Map.of("collection_name", List.of(existing))).errCode())
                    .as("status while the database is down").isEqualTo(1001);
            assertThat(client.post("/face/search", Map.of("collection_name", existing, "face_image", image, "top_k", 1))
                    .errCode()).as("search while the database is down").isEqualTo(1001);
            assertThat(client.post("/clear/collection", Map.of("collection_name", existing)).errCode())
                    .as("clear while the database is down").isEqualTo(1001);
            assertThat(client.post("/delete/collection", Map.of("collection_name", existing)).errCode())
                    .as("delete while the database is down").isEqualTo(1001);

            outage.restartDatabase();

            String after = env.name("recovered");
            int created = eventually(() -> client.post("/create/collection", Map.of("collection_name", after)).errCode());
            assertThat(created).as("create after the database is back").isZero();
            assertThat(insert(client, after, image).errCode()).as("insert after the database is back").isZero();
        }
    }

    private static DmaiResponse insert(DmaiClient client, String collection, String image) {
        return client.insert(collection, List.of(image), List.of("s"));
    }

    /** The driver finds the server again on its own schedule; ask until it has, for a while. */
    private static int eventually(Supplier<Integer> errCode) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int code = errCode.get();
        while (code == 1001 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            code = errCode.get();
        }
        return code;
    }
}
