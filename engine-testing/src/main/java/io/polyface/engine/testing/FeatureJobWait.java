package io.polyface.engine.testing;

import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureJob;
import java.time.Duration;
import java.util.Optional;

/** Waits, in a test, for a feature job that runs in the background to end. */
public final class FeatureJobWait {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private FeatureJobWait() {
    }

    /** Polls the engine until the job no longer runs and returns it as it ended; fails the test after a minute. */
    public static FeatureJob untilEnded(FaceEngine engine, String tenant, String jobId) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FeatureJob> job = engine.featureJob(tenant, jobId);
            if (job.isPresent() && job.get().status() != FeatureJob.Status.RUNNING) {
                return job.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("feature job " + jobId + " still running after " + LIMIT.toSeconds() + " s");
    }
}
