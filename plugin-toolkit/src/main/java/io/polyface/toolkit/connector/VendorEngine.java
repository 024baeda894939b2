package io.polyface.toolkit.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.FaceEngine;

/**
 * A {@link FaceEngine} that calls a vendor's own API, which has no feature jobs, no image check and
 * no place for dialect records: a connector leaves those optional calls to {@link FaceEngine}'s
 * defaults, which fail here with a sentence that names the vendor's API (each dialect renders
 * {@link FaceException.Unsupported} in its own envelope); there being no job to report is an empty
 * answer, not a failure.
 */
public interface VendorEngine extends FaceEngine {

    /** How failures name the backend's API, as in "DM-AI's API". */
    String apiName();

    /** The failure for a call the vendor's API cannot express. */
    @Override
    default FaceException.Unsupported unsupported(String what) {
        return new FaceException.Unsupported("not supported by this backend: " + apiName() + " has no " + what);
    }
}
