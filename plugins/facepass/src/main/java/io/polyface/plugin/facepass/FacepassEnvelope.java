package io.polyface.plugin.facepass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.toolkit.json.Json;
import java.time.Clock;
import java.time.Instant;

/**
 * The FacePass envelope {@code {code, message, timecost, timestamp, data}}, always with these keys
 * in this order and {@code data} never null, written in the layout of the document's examples: two
 * spaces of indentation, {@code "key": value}, one array item per line. The order is the real
 * server's, as the document's captured answers (compare, config) show it; its hand-written
 * templates put {@code timestamp} first. Some clients read these answers by character offset, so
 * the order of the keys inside {@code data} is the real server's too (callers build {@code data}
 * in that order).
 */
final class FacepassEnvelope {
    private static final ObjectWriter WRITER = Json.PLAIN.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private FacepassEnvelope() {
    }

    /**
     * @param received when the request arrived: the envelope's {@code timestamp}, and the start of
     *     {@code timecost}
     */
    static DialectResponse render(FacepassErrorCode code, String message, Instant received, Clock clock, ObjectNode data) {
        ObjectNode body = Json.object();
        body.put("code", code.code());
        body.put("message", FacepassLimits.message(message));
        body.put("timecost", Math.max(0, clock.millis() - received.toEpochMilli()));
        body.put("timestamp", received.toEpochMilli());
        body.set("data", data == null ? Json.object() : data);
        try {
            return DialectResponse.json(code.httpStatus(), WRITER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    static DialectResponse ok(Instant received, Clock clock, ObjectNode data) {
        return render(FacepassErrorCode.OK, "", received, clock, data);
    }
}
