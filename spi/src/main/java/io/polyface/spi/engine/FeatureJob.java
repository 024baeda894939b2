package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A background job that extracts every face of a collection again from its stored image: an
 * upgrade (to another feature version) or a re-run (the same version). Searches keep using the old
 * embeddings until the job finishes; then the collection switches to the new ones at once.
 *
 * @param id the job's id, unique in the engine
 * @param total faces to process
 * @param done faces processed so far, failed ones included
 * @param failed faces whose stored image is missing or no longer yields a face; they keep their
 *     old embedding when the job fails, and are left out of the new index when it finishes
 * @param finishedAt when the job finished or failed
 * @param error why the job failed
 */
public record FeatureJob(
        String id,
        CollectionRef collection,
        String fromVersion,
        String toVersion,
        Status status,
        long total,
        long done,
        long failed,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<String> error) {

    public enum Status {
        RUNNING,
        FINISHED,
        FAILED
    }

    public FeatureJob {
        requireNonNull(id, "id is null");
        requireNonNull(collection, "collection is null");
        requireNonNull(fromVersion, "fromVersion is null");
        requireNonNull(toVersion, "toVersion is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(error, "error is null");
    }
}
