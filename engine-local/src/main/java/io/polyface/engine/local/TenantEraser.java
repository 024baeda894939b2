package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.StoreTenants;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.ErasedTenant;

/**
 * Erases a whole tenant of the local engine: each collection through the engine, so that its
 * in-memory index and snapshot go with it, then the tenant's images, records and feature jobs in
 * the store. A feature job still running on a deleted collection fails at its end and leaves nothing.
 */
final class TenantEraser {
    private final LocalFaceEngine engine;
    private final MongoFaceStore store;

    TenantEraser(LocalFaceEngine engine, MongoFaceStore store) {
        this.engine = requireNonNull(engine, "engine is null");
        this.store = requireNonNull(store, "store is null");
    }

    ErasedTenant erase(String tenant) {
        requireNonNull(tenant, "tenant is null");
        StoreTenants tenants = store.tenants();
        // Counted first: deleting a collection deletes the images its faces came from.
        long images = tenants.countImages(tenant);
        long collections = 0;
        long faces = 0;
        for (CollectionInfo collection : engine.collections(tenant)) {
            try {
                engine.deleteCollection(collection.ref());
                collections++;
                faces += collection.faceCount();
            } catch (FaceException.NotFound e) {
                // A client deleted it meanwhile: gone either way.
            }
        }
        faces += tenants.deleteFaces(tenant);
        tenants.deleteImages(tenant);
        long records = tenants.deleteRecords(tenant);
        long jobs = tenants.deleteJobs(tenant);
        store.makeDurable();
        return new ErasedTenant(tenant, collections, faces, images, records, jobs);
    }
}
