package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.List;
import java.util.Optional;

/**
 * The part of a {@link FaceEngine} that extracts a collection's faces again, from their stored
 * images, with a newer or the same feature version. Optional: an engine without it (a vendor's
 * API) starts no job, so it has none to report.
 */
public interface FeatureUpgrades extends EngineCapability {

    /**
     * Starts extracting every face of a collection again from its stored image, in the background:
     * an upgrade when {@code toVersion} differs from the collection's version, a re-run when it is
     * the same. At most one job runs per collection.
     *
     * @throws FaceException.InvalidArgument if the engine has no such version
     * @throws FaceException.AlreadyExists if a job is already running on the collection
     * @throws FaceException.Unsupported if the engine has no feature upgrades
     */
    default FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        throw unsupported("feature upgrades");
    }

    default Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return Optional.empty();
    }

    /** The tenant's jobs, newest first. */
    default List<FeatureJob> featureJobs(String tenant) {
        return List.of();
    }

    /**
     * How many of a collection's faces still have their image stored.
     *
     * @throws FaceException.Unsupported if the engine cannot tell
     */
    default ImageCheck checkImages(CollectionRef ref) {
        throw unsupported("checking stored images");
    }
}
