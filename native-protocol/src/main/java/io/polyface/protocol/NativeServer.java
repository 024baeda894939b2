package io.polyface.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The serving side of the native protocol, without HTTP: decodes a call's named arguments, runs it
 * on an engine, and encodes the result or the failure. The web server in front does transport and
 * authentication only.
 */
public final class NativeServer {
    private static final System.Logger LOG = System.getLogger(NativeServer.class.getName());
    private static final ObjectMapper JSON = NativeJson.mapper();

    /** An answer: the HTTP status and the JSON body. */
    public record Reply(int status, byte[] body) {
        public Reply {
            requireNonNull(body, "body is null");
        }
    }

    private final FaceEngine engine;

    public NativeServer(FaceEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    /**
     * @param callName the last path segment ({@link NativeCall#wireName()})
     * @param body the request body: a JSON object of named arguments
     */
    public Reply handle(String callName, byte[] body) {
        NativeCall call = NativeCall.byName(callName).orElse(null);
        if (call == null) {
            return error(404, new FaceException.InvalidArgument("call", "no such call: " + callName));
        }
        Object[] args;
        try {
            args = arguments(call, body);
        } catch (FaceException e) {
            return error(NativeErrors.status(e), e);
        }
        Object result;
        try {
            result = call.invoke(engine, args);
        } catch (RuntimeException | Error e) {
            // whatever the engine throws is answered, as a FaceException's status or as 500
            return failure(call, e);
        }
        try {
            ObjectNode reply = JSON.createObjectNode();
            reply.set("result", call.result() == void.class ? JSON.nullNode() : NativeJson.tree(result, call.result()));
            return new Reply(200, JSON.writeValueAsBytes(reply));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return failure(call, e);
        }
    }

    private Reply failure(NativeCall call, Throwable cause) {
        if (cause instanceof FaceException f) {
            return error(NativeErrors.status(f), f);
        }
        LOG.log(System.Logger.Level.ERROR, "Native call " + call.wireName() + " failed unexpectedly", cause);
        FaceException internal = new FaceException.Internal("internal error", null);
        return error(500, internal);
    }

    private static Object[] arguments(NativeCall call, byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FaceException.InvalidArgument("body", "the body must be a JSON object of named arguments");
        }
        List<NativeCall.Parameter> parameters = call.parameters();
        Object[] args = new Object[parameters.size()];
        for (int i = 0; i < args.length; i++) {
            String name = parameters.get(i).name();
            JavaType type = JSON.getTypeFactory().constructType(parameters.get(i).type());
            JsonNode value = root.get(name);
            if (value == null || (value.isNull() && !type.isReferenceType())) {
                throw new FaceException.InvalidArgument(name, "argument '" + name + "' is missing");
            }
            try {
                args[i] = JSON.treeToValue(value, type);
            } catch (IOException | IllegalArgumentException e) {
                throw new FaceException.InvalidArgument(name, malformed(name, e));
            }
            if (args[i] == null) {
                throw new FaceException.InvalidArgument(name, "argument '" + name + "' is missing");
            }
        }
        return args;
    }

    /**
     * Says where an argument went wrong and why, in the wire's terms: the JSON path inside the
     * argument and the kind of value expected, or the SPI's own reason when one of its records
     * refused the value. Jackson's own text names Java classes and is left out.
     */
    private static String malformed(String name, Exception e) {
        StringBuilder where = new StringBuilder(name);
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    where.append('.').append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    where.append('[').append(step.getIndex()).append(']');
                }
            }
        }
        String why = refusal(e).orElseGet(() -> e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "expected " + kind(mismatch.getTargetType())
                : "not of the expected form");
        return "argument '" + name + "' is malformed at " + where + ": " + why;
    }

    /** The reason one of the SPI's records gave for refusing a value, if that is what happened. */
    private static Optional<String> refusal(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            boolean ours = !cause.getClass().getName().startsWith("com.fasterxml.");
            if (ours && cause.getMessage() != null && (cause instanceof IllegalArgumentException
                    || cause instanceof NullPointerException || cause instanceof FaceException)) {
                return Optional.of(cause.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class) {
            return "an integer";
        }
        if (type == float.class || type == double.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        if (type == byte[].class) {
            return "base64 text";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static Reply error(int status, FaceException failure) {
        return new Reply(status, NativeErrors.reply(failure));
    }
}
