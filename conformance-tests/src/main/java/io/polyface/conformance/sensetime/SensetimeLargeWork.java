package io.polyface.conformance.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Contract;
import io.polyface.conformance.Faces;
import io.polyface.gateway.InProcessGateway;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A gateway of its own, with one account, whose {@code async.min-faces} is {@value #MIN_FACES}, so
 * that a handful of photos is large work and untrained matching answers 202 (with the default of
 * 1000 a test would have to enrol a thousand faces). Its data go when it closes.
 */
final class SensetimeLargeWork implements AutoCloseable {
    /** How many faces make large work here. */
    static final int MIN_FACES = 3;

    private final InProcessGateway gateway;
    private final SensetimeClient client;
    private final Faces faces;

    private SensetimeLargeWork(InProcessGateway gateway, SensetimeClient client, Faces faces) {
        this.gateway = gateway;
        this.client = client;
        this.faces = faces;
    }

    static SensetimeLargeWork start(Contract contract, Faces faces) {
        SensetimeCredentials pair = new SensetimeCredentials("cf-large-work", UUID.randomUUID().toString());
        InProcessGateway gateway = InProcessGateway.start("polyface-sensetime-large-", Optional.empty(), Map.of(
                "dialects.sensetime.accounts.0.api-id", pair.apiId(),
                "dialects.sensetime.accounts.0.api-secret", pair.apiSecret(),
                "dialects.sensetime.accounts.0.rate-limit", "100000q/10s",
                "dialects.sensetime.async.min-faces", Integer.toString(MIN_FACES)));
        return new SensetimeLargeWork(gateway, new SensetimeClient(gateway.url("sensetime"), contract, pair), faces);
    }

    SensetimeClient client() {
        return client;
    }

    /** Detects a photo on this gateway and returns its main face's id. */
    String faceOf(String photo) {
        SensetimeResponse detected = client.detect(faces.bytes(photo), Map.of());
        JsonNode list = detected.json().path("faces");
        if (detected.httpStatus() != 200 || list.isEmpty()) {
            throw new AssertionError("detecting a face in " + photo + " failed (/face/detection): " + detected.json());
        }
        return list.get(0).path("face_id").asText();
    }

    /** Creates a person with the faces of these photos and returns its id. */
    String person(String name, String... photos) {
        SensetimeResponse created = client.post("/person/create", Map.of("name", name,
                "face_id", Arrays.stream(photos).map(this::faceOf).toList()));
        if (created.httpStatus() != 200) {
            throw new AssertionError("creating a person failed (/person/create): " + created.json());
        }
        return created.text("person_id");
    }

    @Override
    public void close() {
        gateway.close();
    }
}
