package io.polyface.spi.engine;

import io.polyface.spi.FaceException;

/**
 * What every part of a {@link FaceEngine} shares: how it says that it lacks an optional call. The
 * optional calls of the capabilities are defaults that throw {@link #unsupported}; an engine that
 * lacks one simply leaves it out, and one that names its backend (a vendor's API) overrides this
 * method once instead of every default.
 */
public interface EngineCapability {

    /**
     * The failure for an optional call this engine does not offer.
     *
     * @param what what is missing, as in "feature upgrades"
     */
    default FaceException.Unsupported unsupported(String what) {
        return new FaceException.Unsupported("not supported by this engine: it has no " + what);
    }
}
