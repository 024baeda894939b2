package io.polyface.spi.engine;

/** Found with {@link java.util.ServiceLoader}; creates engines of one type ("local", "remote"). */
public interface EngineProvider {
    /** The type named in configuration. */
    String type();

    FaceEngine create(EngineContext context);
}
