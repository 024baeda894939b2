package io.polyface.spi.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.ImageCheck;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A {@link FaceEngine} that calls a vendor's own API, which has no feature jobs, no image check and
 * no place for dialect records: those calls are answered here once, the same way for every vendor
 * connector. Starting a job, checking images and every record call are {@link
 * FaceException.Unsupported} (each dialect renders that in its own envelope); there being no job to
 * report is an empty answer, not a failure.
 */
public interface VendorEngine extends FaceEngine {

    /** How failures name the backend's API, as in "DM-AI's API". */
    String apiName();

    /** The failure for a call the vendor's API cannot express. */
    default FaceException.Unsupported unsupported(String what) {
        return new FaceException.Unsupported("not supported by this backend: " + apiName() + " has no " + what);
    }

    @Override
    default FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        throw unsupported("feature upgrades");
    }

    @Override
    default Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return Optional.empty();
    }

    @Override
    default List<FeatureJob> featureJobs(String tenant) {
        return List.of();
    }

    @Override
    default ImageCheck checkImages(CollectionRef ref) {
        throw unsupported("checking stored images");
    }

    @Override
    default Optional<String> record(String tenant, String kind, String key) {
        throw unsupported("dialect records");
    }

    @Override
    default void putRecord(String tenant, String kind, String key, String json) {
        throw unsupported("dialect records");
    }

    @Override
    default boolean deleteRecord(String tenant, String kind, String key) {
        throw unsupported("dialect records");
    }

    @Override
    default SortedMap<String, String> records(String tenant, String kind) {
        throw unsupported("dialect records");
    }
}
