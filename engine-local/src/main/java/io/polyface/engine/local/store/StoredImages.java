package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Projections;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.BsonString;
import org.bson.Document;

/**
 * The images, in the GridFS bucket {@code images}: {@code _id} = imageId, metadata tenant (and
 * collection, for the image an enrolled face came from). Images are found by {@code _id} alone,
 * which every MongoDB answers from its index (with the tenant in the filter the embedded server
 * scans every image); the tenant is checked on the document instead. Thread-safe.
 */
final class StoredImages {

    private static final int DELETE_BATCH = 1000;

    private final MongoFaceStore store;
    private final GridFSBucket images;
    private final MongoCollection<Document> imageFiles;
    private final MongoCollection<Document> imageChunks;

    StoredImages(MongoFaceStore store, GridFSBucket images, MongoCollection<Document> imageFiles,
            MongoCollection<Document> imageChunks) {
        this.store = store;
        this.images = images;
        this.imageFiles = imageFiles;
        this.imageChunks = imageChunks;
    }

    /** Stores image bytes for a tenant; {@code collection} marks the image an enrolled face came from. */
    String storeImage(String tenant, byte[] image, Optional<String> collection) {
        String imageId = Ids.newId();
        Document metadata = new Document("tenant", tenant);
        collection.ifPresent(c -> metadata.append("collection", c));
        store.call("store image", () -> {
            images.uploadFromStream(new BsonString(imageId), imageId, new ByteArrayInputStream(image),
                    new GridFSUploadOptions().metadata(metadata));
            return null;
        });
        return imageId;
    }

    Optional<byte[]> image(String tenant, String imageId) {
        return store.call("read image", () -> {
            GridFSFile file = images.find(eq("_id", imageId)).first();
            if (file == null || file.getMetadata() == null || !tenant.equals(file.getMetadata().getString("tenant"))) {
                return Optional.<byte[]>empty();
            }
            try (var stream = images.openDownloadStream(file.getId())) {
                return Optional.of(stream.readAllBytes());
            } catch (IOException e) {
                throw new FaceException.Internal("cannot read image " + imageId, e);
            }
        });
    }

    /** Deletes images by id, in batches; files first so a half-done delete leaves no visible image. */
    void deleteImages(Collection<String> imageIds) {
        List<String> ids = List.copyOf(imageIds);
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
            store.call("delete images", () -> {
                imageFiles.deleteMany(in("_id", batch));
                imageChunks.deleteMany(in("files_id", batch));
                return null;
            });
        }
    }

    /** Deletes the images the faces of a collection were enrolled from. */
    void deleteImagesOf(CollectionRef ref) {
        List<String> ids = store.call("find images", () -> imageFiles
                .find(and(eq("metadata.tenant", ref.tenant()), eq("metadata.collection", ref.name())))
                .projection(Projections.include("_id"))
                .map(d -> String.valueOf(d.get("_id")))
                .into(new ArrayList<>()));
        deleteImages(ids);
    }

    /** Whether an image is stored, without reading it. */
    boolean hasImage(String tenant, String imageId) {
        return store.call("find image", () -> Optional.ofNullable(imageFiles.find(eq("_id", imageId))
                        .projection(Projections.include("metadata.tenant")).first())
                .map(d -> d.get("metadata", Document.class))
                .filter(m -> tenant.equals(m.getString("tenant")))
                .isPresent());
    }
}
