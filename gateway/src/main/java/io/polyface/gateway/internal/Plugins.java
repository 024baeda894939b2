package io.polyface.gateway.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Discovers providers with {@link ServiceLoader}; two providers with one name fail loudly. */
public final class Plugins {
    private Plugins() {
    }

    public static <P> Map<String, P> discover(Class<P> type, Function<P, String> nameOf) {
        Map<String, P> found = new LinkedHashMap<>();
        for (P provider : ServiceLoader.load(type)) {
            String name = nameOf.apply(provider);
            P previous = found.putIfAbsent(name, provider);
            if (previous != null) {
                throw new StartupException("Two " + type.getSimpleName() + "s are named '" + name + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName()
                        + ". Remove one of the jars from the class path.");
            }
        }
        return found;
    }
}
