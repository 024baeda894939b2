package io.polyface.engine.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

/** An index load reads both forms a face's vector has been stored in, straight from the raw documents. */
class StoredVectorFormsTest {

    private static final float[] V1 = {0.25f, -0.5f, 1f};
    private static final float[] V2 = {0.5f, 0.125f, -1f};

    @Test
    void vectorsAreReadPerFeatureVersionFromTheEmbeddingsMap() {
        RawBsonDocument face = raw(new BsonDocument("faceId", new BsonString("f1"))
                .append("embeddings", new BsonDocument("fr-feature-v1", binary(V1)).append("fr-feature-v2", binary(V2))));

        assertThat(FaceCodec.vectorOf(face, "fr-feature-v1")).hasValueSatisfying(v -> assertThat(v).containsExactly(V1));
        assertThat(FaceCodec.vectorOf(face, "fr-feature-v2")).hasValueSatisfying(v -> assertThat(v).containsExactly(V2));
        assertThat(FaceCodec.vectorOf(face, "fr-feature-v3")).isEmpty();
    }

    @Test
    void theOlderSingleEmbeddingFormCountsOnlyForItsOwnVersion() {
        RawBsonDocument face = raw(new BsonDocument("faceId", new BsonString("f1"))
                .append("featureVersion", new BsonString("fr-feature-v1")).append("embedding", binary(V1)));

        assertThat(FaceCodec.vectorOf(face, "fr-feature-v1")).hasValueSatisfying(v -> assertThat(v).containsExactly(V1));
        assertThat(FaceCodec.vectorOf(face, "fr-feature-v2")).isEmpty();
        assertThat(FaceCodec.vectorOf(raw(new BsonDocument("faceId", new BsonString("f2"))), "fr-feature-v1")).isEmpty();
    }

    private static BsonBinary binary(float[] vector) {
        return new BsonBinary(FaceCodec.encode(vector).getData());
    }

    private static RawBsonDocument raw(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec());
    }
}
