package io.polyface.plugin.facepass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.json.Json;
import java.io.IOException;

/**
 * The server-side thresholds {@code /service/config} sets, each in (0, 100); kept as an engine record
 * so that every node and every restart sees the same values.
 */
record FacepassThresholds(double recognize, double compare, double liveness) {
    /** The document's recommended values. */
    static final FacepassThresholds DEFAULTS = new FacepassThresholds(78, 70, 50);

    static final String RECORD_KIND = "facepass.config";
    static final String RECORD_KEY = "thresholds";

    FacepassThresholds {
        for (double value : new double[] {recognize, compare, liveness}) {
            if (!(value > 0 && value < 100)) {
                throw new IllegalArgumentException("a threshold is in (0, 100): " + value);
            }
        }
    }

    String toJson() {
        ObjectNode node = Json.object();
        node.put("recognize_threshold", recognize);
        node.put("compare_threshold", compare);
        node.put("liveness_threshold", liveness);
        return node.toString();
    }

    static FacepassThresholds fromJson(String json) {
        try {
            JsonNode node = Json.PLAIN.readTree(json);
            return new FacepassThresholds(
                    node.path("recognize_threshold").asDouble(DEFAULTS.recognize),
                    node.path("compare_threshold").asDouble(DEFAULTS.compare),
                    node.path("liveness_threshold").asDouble(DEFAULTS.liveness));
        } catch (IOException | IllegalArgumentException e) {
            return DEFAULTS; // a damaged record must not stop recognition; the recommended values hold
        }
    }
}
