package io.polyface.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.Probe;
import java.io.IOException;

/**
 * The one {@link ObjectMapper} of the native protocol. SPI records map field for field onto JSON
 * objects named after their components; {@code Optional} empties are {@code null}; instants are
 * ISO-8601 strings; byte arrays are base64; the sealed {@link Probe} and {@link EnrolOutcome}
 * carry a {@code "type"} property; a {@link FaceException} is written as {@link NativeErrors} does.
 */
public final class NativeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(failures())
            .addMixIn(Probe.class, ProbeMixIn.class)
            .addMixIn(EnrolOutcome.class, OutcomeMixIn.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // A newer peer may send fields this side does not know yet; v1 only ever adds fields.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private NativeJson() {
    }

    /**
     * A value as a JSON tree, written as its declared type: the elements of a {@code
     * List<EnrolOutcome>} then carry their {@code "type"}, which their runtime classes alone would not.
     */
    public static JsonNode tree(Object value, java.lang.reflect.Type declared) {
        try (com.fasterxml.jackson.databind.util.TokenBuffer buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(MAPPER, false)) {
            MAPPER.writerFor(MAPPER.constructType(declared)).writeValue(buffer, value);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + declared + " as JSON", e);
        }
    }

    /** Thread-safe; do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Probe.ImageProbe.class, name = "image"),
        @JsonSubTypes.Type(value = Probe.EmbeddingProbe.class, name = "embedding"),
        @JsonSubTypes.Type(value = Probe.StoredFaceProbe.class, name = "storedFace")
    })
    private interface ProbeMixIn {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = EnrolOutcome.Enrolled.class, name = "enrolled"),
        @JsonSubTypes.Type(value = EnrolOutcome.Rejected.class, name = "rejected")
    })
    private interface OutcomeMixIn {
    }

    private static SimpleModule failures() {
        SimpleModule module = new SimpleModule("polyface-failures");
        module.addSerializer(FaceException.class, new JsonSerializer<>() {
            @Override
            public void serialize(FaceException value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeTree(NativeErrors.toJson(value));
            }
        });
        module.addDeserializer(FaceException.class, new JsonDeserializer<>() {
            @Override
            public FaceException deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = p.readValueAsTree();
                return NativeErrors.fromJson(node);
            }
        });
        return module;
    }
}
