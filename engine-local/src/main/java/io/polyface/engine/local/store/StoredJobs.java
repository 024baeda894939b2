package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.polyface.spi.engine.CollectionRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The {@code featureJobs} collection: one document per feature job, with its progress and a heartbeat. Thread-safe. */
final class StoredJobs {

    private final MongoFaceStore store;
    private final MongoCollection<Document> jobs;

    StoredJobs(MongoFaceStore store, MongoCollection<Document> jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    void insertJob(Document job) {
        store.call("create feature job", () -> jobs.insertOne(job));
    }

    /** Sets fields of a job; the heartbeat moves with every update. */
    void updateJob(String jobId, Bson changes, Instant now) {
        store.call("update feature job", () -> jobs.updateOne(eq("_id", jobId),
                Updates.combine(changes, Updates.set("heartbeat", Date.from(now)))));
    }

    Optional<Document> job(String jobId) {
        return store.call("read feature job", () -> Optional.ofNullable(jobs.find(eq("_id", jobId)).first()));
    }

    List<Document> jobs(String tenant) {
        return store.call("read feature jobs", () -> jobs.find(eq("tenant", tenant))
                .sort(Sorts.descending("startedAt", "_id"))
                .into(new ArrayList<>()));
    }

    List<Document> jobsOf(CollectionRef ref) {
        return store.call("read feature jobs", () -> jobs.find(and(eq("tenant", ref.tenant()), eq("collection", ref.name())))
                .into(new ArrayList<>()));
    }
}
