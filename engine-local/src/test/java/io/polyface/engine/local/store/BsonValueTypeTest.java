package io.polyface.engine.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

/** The embedded store's document values: BSON where it gives a document back exactly, H2's own form otherwise. */
class BsonValueTypeTest {

    /** H2's tag for a Java-serialised object. */
    private static final byte SERIALIZED = 19;

    private final BsonValueType type = new BsonValueType();

    @Test
    void aDocumentOfEveryKindOfValueIsKeptAsBsonAndReadBackEqual() {
        Document face = new Document("_id", "bench/faces/f1")
                .append("seq", 41L)
                .append("count", 7)
                .append("score", -0.0)
                .append("nan", Double.NaN)
                .append("ok", true)
                .append("nothing", null)
                .append("createdAt", Instant.ofEpochMilli(1_763_800_000_123L))
                .append("box", new Document("x", 1).append("y", 2))
                .append("tags", new ArrayList<>(List.of("a", 2, new Document("z", 3L))))
                .append("embeddings", new Document("v1", new BinData(new byte[] {1, 2, 3, -4})))
                .append("oid", new ObjectId())
                .append("uuid", UUID.randomUUID())
                .append("decimal", new Decimal128(1L, 2L))
                .append("ts", new BsonTimestamp(5L))
                .append("max", MaxKey.getInstance());

        ByteBuffer written = written(face);

        assertThat(written.get(0)).isEqualTo(BsonValueType.BSON_DOCUMENT);
        assertThat(type.read(written)).isEqualTo(face);
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void aDocumentBsonWouldNotGiveBackExactlyKeepsH2sForm() {
        // BSON dates are milliseconds; the server's own clock may stamp finer ones.
        Document stamped = new Document("_id", 1).append("at", Instant.ofEpochSecond(1_763_800_000L, 123_456_789));
        // The set of a $addToSet result would come back from BSON as a list.
        Document withASet = new Document("_id", 2).append("s", new java.util.LinkedHashSet<>(List.of(1, 2)));

        for (Document document : List.of(stamped, withASet)) {
            ByteBuffer written = written(document);
            assertThat(written.get(0)).isEqualTo(SERIALIZED);
            Object read = type.read(written);
            assertThat(read).isEqualTo(document);
            assertThat(((Document) read).get("at")).isEqualTo(document.get("at"));
        }
    }

    @Test
    void aDocumentHoldingAServerMarkerKeepsH2sForm() {
        Document marked = new Document("_id", 3).append("gone", Missing.getInstance());

        ByteBuffer written = written(marked);

        assertThat(written.get(0)).isEqualTo(SERIALIZED);
        Document read = (Document) type.read(written);
        assertThat(read.keySet()).containsExactly("_id", "gone");
        assertThat(read.get("gone")).isInstanceOf(Missing.class);
    }

    @Test
    void valuesOfBothFormsAndOtherTypesReadBackInSequenceFromOnePage() {
        // A page writes its values one after another; each read must stop exactly at its value's end.
        Object[] values = {
            new Document("_id", "a").append("n", 1),
            "a plain string",
            new Document("_id", "b").append("at", Instant.ofEpochSecond(0, 1)),
            42L,
            new Document("_id", "c").append("bytes", new BinData(new byte[300])),
        };
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, values, values.length);
        ByteBuffer page = buffer.getBuffer().flip();

        Object[] read = new Object[values.length];
        type.read(page, read, read.length);

        assertThat(read).containsExactly(values);
        assertThat(page.hasRemaining()).isFalse();
    }

    @Test
    void aValueWrittenBeforeThisTypeExistedIsReadAsBefore() {
        Document old = new Document("_id", "old").append("embedding", new BinData(new byte[] {9, 8}));
        WriteBuffer buffer = new WriteBuffer();
        new org.h2.mvstore.type.ObjectDataType().write(buffer, old);
        ByteBuffer written = buffer.getBuffer().flip();

        assertThat(written.get(0)).isEqualTo(SERIALIZED);
        assertThat(type.read(written)).isEqualTo(old);
    }

    @Test
    void theCacheIsToldADocumentCostsAboutTwiceItsEncodedSize() {
        Document big = new Document("_id", "big").append("bytes", new BinData(new byte[4000]));
        for (int i = 0; i < 100; i++) {
            written(big);
        }
        assertThat(type.getMemory(big)).isBetween(2 * 4000, 2 * 4100);
        assertThat(type.getMemory("text")).isEqualTo(new org.h2.mvstore.type.ObjectDataType().getMemory("text"));
    }

    private ByteBuffer written(Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        ByteBuffer bytes = buffer.getBuffer().flip();
        return ByteBuffer.wrap(Arrays.copyOf(bytes.array(), bytes.limit()));
    }
}
