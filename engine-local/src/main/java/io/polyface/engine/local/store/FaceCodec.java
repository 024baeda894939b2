package io.polyface.engine.local.store;

import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.StoredFace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Date;
import java.util.Optional;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * How a face is laid out in its document of {@code faces}: {@code _id} = {@link #faceKey}, faceId,
 * tenant, collection, tag, description, userData, box, imageId, createdAt, seq (creation order) and
 * {@code embeddings}, one float32 little-endian binary per feature version the face has (several
 * while a feature job runs). Older documents have {@code _id} = faceId and one {@code embedding}
 * with its {@code featureVersion}; both forms are read.
 */
final class FaceCodec {

    private FaceCodec() {
    }

    /**
     * The document id of a face: unambiguous for any tenant, collection and face id (the lengths
     * say where each part ends).
     */
    static String faceKey(CollectionRef ref, String faceId) {
        return ref.tenant().length() + ":" + ref.tenant() + ref.name().length() + ":" + ref.name() + faceId;
    }

    /**
     * A face document's vector of one feature version, in either stored form, read from the raw
     * document (no map per face, which a load of a million faces notices).
     */
    static Optional<float[]> vectorOf(BsonDocument d, String featureVersion) {
        if (d.get("embeddings") instanceof BsonDocument all && all.get(featureVersion) instanceof BsonBinary b) {
            return Optional.of(decode(b.getData()));
        }
        if (d.get("featureVersion") instanceof BsonString version && version.getValue().equals(featureVersion)
                && d.get("embedding") instanceof BsonBinary b) {
            return Optional.of(decode(b.getData()));
        }
        return Optional.empty();
    }

    static Document toDocument(FaceRecord record) {
        StoredFace face = record.face();
        BoundingBox box = face.box();
        Document doc = new Document("_id", faceKey(face.collection(), face.faceId()))
                .append("faceId", face.faceId())
                .append("tenant", face.collection().tenant())
                .append("collection", face.collection().name())
                .append("tag", face.tag())
                .append("box", new Document("x", box.x()).append("y", box.y())
                        .append("width", box.width()).append("height", box.height()))
                .append("imageId", face.imageId())
                .append("createdAt", Date.from(face.createdAt()))
                .append("seq", record.seq())
                .append("embeddings", new Document(record.featureVersion(), encode(record.embedding())));
        face.description().ifPresent(v -> doc.append("description", v));
        face.userData().ifPresent(v -> doc.append("userData", v));
        return doc;
    }

    static StoredFace toFace(Document d) {
        Document box = d.get("box", Document.class);
        return new StoredFace(
                d.getString("faceId"),
                new CollectionRef(d.getString("tenant"), d.getString("collection")),
                d.getString("tag"),
                Optional.ofNullable(d.getString("description")),
                Optional.ofNullable(d.getString("userData")),
                new BoundingBox(number(box, "x"), number(box, "y"), number(box, "width"), number(box, "height")),
                d.getString("imageId"),
                d.getDate("createdAt").toInstant());
    }

    private static double number(Document d, String key) {
        return ((Number) d.get(key)).doubleValue();
    }

    /** float32 little-endian, the layout every reader of the database can decode without us. */
    static Binary encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return new Binary(buffer.array());
    }

    static float[] decode(Binary binary) {
        return decode(binary.getData());
    }

    private static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new FaceException.Internal("stored embedding of " + bytes.length + " bytes is not float32", null);
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
