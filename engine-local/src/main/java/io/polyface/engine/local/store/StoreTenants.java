package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.eq;
import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.polyface.spi.FaceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Whole tenants in {@link MongoFaceStore}'s layout: which tenants hold any document, and the
 * deletion of a tenant's images, records, feature jobs and stray faces. Collections are not deleted
 * here: the engine deletes each under its lock, so that its in-memory index goes with it.
 *
 * <p>Thread-safe: it holds only the driver's collections.
 */
public final class StoreTenants {
    private final MongoCollection<Document> collections;
    private final MongoCollection<Document> faces;
    private final MongoCollection<Document> records;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> imageFiles;
    private final Consumer<Collection<String>> deleteImages;
    private final Runnable ensureSchema;

    StoreTenants(MongoCollection<Document> collections, MongoCollection<Document> faces, MongoCollection<Document> records,
            MongoCollection<Document> jobs, MongoCollection<Document> imageFiles, Consumer<Collection<String>> deleteImages,
            Runnable ensureSchema) {
        this.collections = requireNonNull(collections, "collections is null");
        this.faces = requireNonNull(faces, "faces is null");
        this.records = requireNonNull(records, "records is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.imageFiles = requireNonNull(imageFiles, "imageFiles is null");
        this.deleteImages = requireNonNull(deleteImages, "deleteImages is null");
        this.ensureSchema = requireNonNull(ensureSchema, "ensureSchema is null");
    }

    /** Tenants with a collection, an image, a record or a feature job; every face is in a collection. */
    public SortedSet<String> all() {
        return call("list tenants", () -> {
            SortedSet<String> tenants = new TreeSet<>();
            collections.distinct("tenant", String.class).into(tenants);
            records.distinct("tenant", String.class).into(tenants);
            jobs.distinct("tenant", String.class).into(tenants);
            imageFiles.distinct("metadata.tenant", String.class).into(tenants);
            return tenants;
        });
    }

    public long countImages(String tenant) {
        return call("count images", () -> imageFiles.countDocuments(eq("metadata.tenant", tenant)));
    }

    /** Deletes every image of the tenant and says how many there were. */
    public long deleteImages(String tenant) {
        List<String> ids = call("find images", () -> imageFiles.find(eq("metadata.tenant", tenant))
                .projection(Projections.include("_id"))
                .map(d -> String.valueOf(d.get("_id")))
                .into(new ArrayList<>()));
        deleteImages.accept(ids);
        return ids.size();
    }

    public long deleteRecords(String tenant) {
        return call("delete records", () -> records.deleteMany(eq("tenant", tenant)).getDeletedCount());
    }

    public long deleteJobs(String tenant) {
        return call("delete feature jobs", () -> jobs.deleteMany(eq("tenant", tenant)).getDeletedCount());
    }

    /** Faces of the tenant outside any collection: none unless a collection's deletion was cut short. */
    public long deleteFaces(String tenant) {
        return call("delete faces", () -> faces.deleteMany(eq("tenant", tenant)).getDeletedCount());
    }

    private <T> T call(String what, Supplier<T> operation) {
        ensureSchema.run();
        try {
            return operation.get();
        } catch (MongoException e) {
            throw new FaceException.BackendUnavailable("database unavailable (" + what + "): " + e.getMessage(), e);
        }
    }
}
