package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.model.Updates;
import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.store.Ids;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FeatureJob;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;

/**
 * The local engine's feature jobs: each extracts every face of a collection again from its stored
 * image, in the background, one job at a time per engine (the models are the bottleneck; two jobs
 * would only share the cores).
 *
 * <p>Progress lives in MongoDB ({@code featureJobs}), so every node reports the same job. A running
 * job's document gets a heartbeat with each progress write; a job whose heartbeat is older than
 * {@link #STALE} is reported as failed (its node stopped) and no longer blocks a new job.
 */
final class FeatureJobs implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FeatureJobs.class.getName());

    /** A running job writes progress at least this often. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** A running job silent for longer is taken for dead. */
    static final Duration STALE = Duration.ofMinutes(2);

    private final LocalFaceEngine engine;
    private final MongoFaceStore store;
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(IndexRuntime.daemonThreads("polyface-feature-jobs-"));
    private final ReentrantLock starting = new ReentrantLock();
    private volatile boolean closed;

    FeatureJobs(LocalFaceEngine engine, MongoFaceStore store) {
        this.engine = requireNonNull(engine, "engine is null");
        this.store = requireNonNull(store, "store is null");
    }

    FeatureJob start(CollectionRef ref, String toVersion) {
        requireNonNull(ref, "ref is null");
        requireNonNull(toVersion, "toVersion is null");
        if (!engine.supportsVersion(toVersion)) {
            throw new FaceException.InvalidArgument("version", "no feature version " + toVersion
                    + "; this engine has " + engine.featureVersions().stream().map(v -> v.name()).toList());
        }
        starting.lock();
        try {
            String fromVersion = engine.collection(ref)
                    .orElseThrow(() -> new FaceException.NotFound(Resource.COLLECTION, ref.name()))
                    .featureVersion();
            Instant now = engine.clockNow();
            for (Document existing : store.jobsOf(ref)) {
                if (toJob(existing, now).status() == FeatureJob.Status.RUNNING) {
                    throw new FaceException.AlreadyExists(Resource.TASK, existing.getString("_id"));
                }
            }
            String id = Ids.newId();
            long total = store.countFaces(ref);
            Document job = new Document("_id", id)
                    .append("tenant", ref.tenant())
                    .append("collection", ref.name())
                    .append("from", fromVersion)
                    .append("to", toVersion)
                    .append("status", FeatureJob.Status.RUNNING.name())
                    .append("total", total)
                    .append("done", 0L)
                    .append("failed", 0L)
                    .append("startedAt", Date.from(now))
                    .append("heartbeat", Date.from(now));
            store.insertJob(job);
            store.makeDurable();
            worker.execute(() -> run(id, ref, fromVersion, toVersion));
            return toJob(job, now);
        } finally {
            starting.unlock();
        }
    }

    Optional<FeatureJob> job(String tenant, String jobId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(jobId, "jobId is null");
        Instant now = engine.clockNow();
        return store.job(jobId).filter(d -> tenant.equals(d.getString("tenant"))).map(d -> toJob(d, now));
    }

    List<FeatureJob> jobs(String tenant) {
        requireNonNull(tenant, "tenant is null");
        Instant now = engine.clockNow();
        return store.jobs(tenant).stream().map(d -> toJob(d, now)).toList();
    }

    private void run(String id, CollectionRef ref, String fromVersion, String toVersion) {
        long done = 0;
        Set<String> failed = new HashSet<>();
        Instant lastWrite = engine.clockNow();
        try {
            for (MongoFaceStore.FaceSource source : store.faceSources(ref)) {
                if (closed) {
                    throw new IllegalStateException("the engine stopped");
                }
                if (!engine.reextract(ref, source.face(), toVersion)) {
                    failed.add(source.face().faceId());
                }
                done++;
                Instant now = engine.clockNow();
                if (Duration.between(lastWrite, now).compareTo(HEARTBEAT) >= 0) {
                    store.updateJob(id, Updates.combine(Updates.set("done", done), Updates.set("failed", (long) failed.size())), now);
                    lastWrite = now;
                }
            }
            engine.finishFeatureJob(ref, fromVersion, toVersion, failed);
            if (!fromVersion.equals(toVersion)) {
                try {
                    store.dropEmbeddings(ref, fromVersion);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "{0}: old embeddings of {1} left behind: {2}", ref, fromVersion, e.getMessage());
                }
            }
            Instant end = engine.clockNow();
            store.updateJob(id, Updates.combine(Updates.set("status", FeatureJob.Status.FINISHED.name()),
                    Updates.set("done", done), Updates.set("failed", (long) failed.size()),
                    Updates.set("finishedAt", Date.from(end))), end);
            store.makeDurable();
            LOG.log(Level.INFO, "{0}: feature job {1} finished, {2} faces, {3} failed", ref, id, done, failed.size());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: feature job {1} failed: {2}", ref, id, e.getMessage());
            try {
                Instant end = engine.clockNow();
                store.updateJob(id, Updates.combine(Updates.set("status", FeatureJob.Status.FAILED.name()),
                        Updates.set("done", done), Updates.set("failed", (long) failed.size()),
                        Updates.set("finishedAt", Date.from(end)),
                        Updates.set("error", String.valueOf(e.getMessage()))), end);
                store.makeDurable();
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "could not record the failure of feature job {0}: {1}", id, again.getMessage());
            }
        }
    }

    private static FeatureJob toJob(Document d, Instant now) {
        FeatureJob.Status status = FeatureJob.Status.valueOf(d.getString("status"));
        Optional<Instant> finishedAt = Optional.ofNullable(d.getDate("finishedAt")).map(Date::toInstant);
        Optional<String> error = Optional.ofNullable(d.getString("error"));
        Instant heartbeat = d.getDate("heartbeat").toInstant();
        if (status == FeatureJob.Status.RUNNING && Duration.between(heartbeat, now).compareTo(STALE) > 0) {
            status = FeatureJob.Status.FAILED;
            finishedAt = Optional.of(heartbeat);
            error = Optional.of("interrupted: the node running the job stopped");
        }
        return new FeatureJob(
                d.getString("_id"),
                new CollectionRef(d.getString("tenant"), d.getString("collection")),
                d.getString("from"),
                d.getString("to"),
                status,
                ((Number) d.get("total")).longValue(),
                ((Number) d.get("done")).longValue(),
                ((Number) d.get("failed")).longValue(),
                d.getDate("startedAt").toInstant(),
                finishedAt,
                error);
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
