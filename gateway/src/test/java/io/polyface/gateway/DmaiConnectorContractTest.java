package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.testing.EngineBehavior;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The DM-AI connector, made as {@code type: remote, connector: dmai} makes it, on the engine
 * contract against a second gateway in this JVM serving its DM-AI dialect over the in-memory
 * engine. DM-AI keeps feature vectors per target id in one namespace: no face ids, images,
 * descriptions or listings, and searches by image only. What it lacks is what
 * {@link #behaviors()} leaves out; the test at the end pins where it departs from the SPI.
 */
class DmaiConnectorContractTest extends ConnectorContract {
    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "dmai", "base-url", backend + "/dmai", "tenant", "default", "timeout", "30s");
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.of(EngineBehavior.SEVERAL_HITS_PER_COLLECTION, EngineBehavior.DISTINCT_TAGS,
                EngineBehavior.REJECTION_REASONS, EngineBehavior.CLEAR_COLLECTION, EngineBehavior.COMPARE);
    }

    // ---- where the connector departs from the SPI ---------------------------------------------

    /**
     * A DM-AI server keeps its own limit of features per target (a setting of the server), and the
     * DM-AI dialect asks every collection for one, so the connector passes a per-tag limit over
     * rather than refuse the collection: the server's own limit is the one that holds.
     */
    @Test
    @Override
    protected void aTagTakesNoMoreFacesThanTheCollectionAllows() {
        CollectionRef limited = new CollectionRef(tenant(), "limited");
        engine().createCollection(limited, new CollectionSpec(OptionalLong.empty(), OptionalInt.of(1), OptionalInt.empty()));
        engine().addFaces(limited, List.of(NewFace.of(photo(Person.ALICE), "alice")));

        List<EnrolOutcome> second = engine().addFaces(limited, List.of(NewFace.of(photo(Person.ALICE), "alice")));

        assertThat(second).singleElement().isInstanceOf(EnrolOutcome.Enrolled.class);
    }
}
