package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The part of a {@link FaceEngine} that keeps what a tenant holds beside its faces, and answers for
 * a tenant as a whole. Records are small JSON documents a dialect keeps beside the faces, so that
 * they live (and move) with the engine: settings changed through a vendor API, device sync state,
 * task results. Keys are unique per tenant and kind; a write is durable when the call returns.
 * Every call here is optional: an engine without a place for them (a vendor's API) leaves the
 * defaults, which are {@link FaceException.Unsupported}.
 */
public interface TenantData extends RecordStore, EngineCapability {

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

    /**
     * Every tenant that holds anything on this engine: a collection, an image, a record or a
     * feature job. For operators and test set-ups ({@code POST /admin/reset}).
     *
     * @throws FaceException.Unsupported if the engine cannot list them
     */
    default SortedSet<String> tenants() {
        throw unsupported("list of its tenants");
    }

    /**
     * Deletes everything a tenant holds: its collections with their faces, its images, records and
     * feature jobs. Not atomic: what other calls write meanwhile may stay. Erasing a tenant that
     * holds nothing removes nothing.
     *
     * @throws FaceException.Unsupported if the engine cannot erase a whole tenant
     */
    default ErasedTenant eraseTenant(String tenant) {
        throw unsupported("erasure of a whole tenant");
    }
}
