package io.polyface.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.List;

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
     * @param callName the last path segment ({@link EngineCall#wireName()})
     * @param body the request body: a JSON object of named arguments
     */
    public Reply handle(String callName, byte[] body) {
        EngineCall call = EngineCall.byWireName(callName).orElse(null);
        if (call == null) {
            return error(404, new FaceException.InvalidArgument("call", "no such call: " + callName));
        }
        Object[] args;
        try {
            args = arguments(call, body);
        } catch (FaceException e) {
            return error(NativeErrors.status(e), e);
        }
        try {
            Object result = call.method().invoke(engine, args);
            ObjectNode reply = JSON.createObjectNode();
            reply.set("result", call.method().getReturnType() == void.class
                    ? JSON.nullNode()
                    : NativeJson.tree(result, call.method().getGenericReturnType()));
            return new Reply(200, JSON.writeValueAsBytes(reply));
        } catch (InvocationTargetException e) {
            return failure(call, e.getCause());
        } catch (IllegalAccessException | JsonProcessingException | IllegalArgumentException e) {
            return failure(call, e);
        }
    }

    private Reply failure(EngineCall call, Throwable cause) {
        if (cause instanceof FaceException f) {
            return error(NativeErrors.status(f), f);
        }
        LOG.log(System.Logger.Level.ERROR, "Native call " + call.wireName() + " failed unexpectedly", cause);
        FaceException internal = new FaceException.Internal("internal error", null);
        return error(500, internal);
    }

    private static Object[] arguments(EngineCall call, byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FaceException.InvalidArgument("body", "the body must be a JSON object of named arguments");
        }
        List<String> names = call.parameters();
        Type[] types = call.method().getGenericParameterTypes();
        Object[] args = new Object[names.size()];
        for (int i = 0; i < args.length; i++) {
            String name = names.get(i);
            JavaType type = JSON.getTypeFactory().constructType(types[i]);
            JsonNode value = root.get(name);
            if (value == null || (value.isNull() && !type.isReferenceType())) {
                throw new FaceException.InvalidArgument(name, "argument '" + name + "' is missing");
            }
            try {
                args[i] = JSON.treeToValue(value, type);
            } catch (IOException | IllegalArgumentException e) {
                throw new FaceException.InvalidArgument(name, "argument '" + name + "' is malformed: " + firstLine(e.getMessage()));
            }
            if (args[i] == null) {
                throw new FaceException.InvalidArgument(name, "argument '" + name + "' is missing");
            }
        }
        return args;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Reply error(int status, FaceException failure) {
        ObjectNode reply = JSON.createObjectNode();
        reply.set("error", NativeErrors.toJson(failure));
        try {
            return new Reply(status, JSON.writeValueAsBytes(reply));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
