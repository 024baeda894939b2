package io.polyface.toolkit.engine;

import static io.polyface.toolkit.engine.EngineOperation.*;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * A {@link FaceEngine} that forwards every call to {@link #delegate()}: the base of engine
 * decorators, as Guava's {@code Forwarding*} classes and Trino's {@code ForwardingConnectorMetadata}.
 * Because it implements every method, a changed {@link FaceEngine} signature fails to compile
 * here and in each decorator, instead of at run time.
 *
 * <p>Every call but {@link #name()}, {@link #close()} and {@link #unsupported} goes through
 * {@link #forward}, with its {@link EngineOperation}: a decorator that treats all calls alike
 * (timing, retries, failover) overrides that one method; one that changes a single call overrides
 * that call.
 */
public abstract class ForwardingFaceEngine implements FaceEngine {

    protected ForwardingFaceEngine() {
    }

    /** The engine calls go to. */
    protected abstract FaceEngine delegate();

    /**
     * Makes one call; by default on {@link #delegate()}. May be called from several threads at once.
     *
     * @param operation which call it is
     * @param invocation the call with its arguments, to make on the delegate or on another engine
     */
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        return invocation.on(delegate());
    }

    private void forwardVoid(EngineOperation operation, Consumer<FaceEngine> call) {
        forward(operation, engine -> {
            call.accept(engine);
            return null;
        });
    }

    @Override
    public String name() {
        return delegate().name();
    }

    @Override
    public FaceException.Unsupported unsupported(String what) {
        return delegate().unsupported(what);
    }

    @Override
    public String featureVersion() {
        return forward(FEATURE_VERSION, FaceEngine::featureVersion);
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return forward(FEATURE_VERSIONS, FaceEngine::featureVersions);
    }

    @Override
    public EngineHealth health() {
        return forward(HEALTH, FaceEngine::health);
    }

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return forward(DETECT, e -> e.detect(image));
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return forward(ANALYZE, e -> e.analyze(image, features));
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        return forward(COMPARE, e -> e.compare(first, second));
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        return forward(STORE_IMAGE, e -> e.storeImage(tenant, image));
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return forward(IMAGE, e -> e.image(tenant, imageId));
    }

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        return forward(CREATE_COLLECTION, e -> e.createCollection(ref, spec));
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        return forward(COLLECTION, e -> e.collection(ref));
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        return forward(COLLECTIONS, e -> e.collections(tenant));
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        return forward(CLEAR_COLLECTION, e -> e.clearCollection(ref));
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        forwardVoid(DELETE_COLLECTION, e -> e.deleteCollection(ref));
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        return forward(UPDATE_COLLECTION, e -> e.updateCollection(ref, attributes));
    }

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        return forward(ADD_FACES, e -> e.addFaces(ref, faces));
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        return forward(REPLACE_FACES, e -> e.replaceFaces(ref, tag, faces));
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return forward(FACES_BY_TAG, e -> e.facesByTag(ref, tag));
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        return forward(DELETE_FACES_BY_TAG, e -> e.deleteFacesByTag(ref, tag));
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return forward(FACE, e -> e.face(ref, faceId));
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        return forward(DELETE_FACE, e -> e.deleteFace(ref, faceId));
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        return forward(UPDATE_FACE, e -> e.updateFace(ref, faceId, update));
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        return forward(COPY_FACES, e -> e.copyFaces(target, copies));
    }

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        return forward(ADD_VECTORS, e -> e.addVectors(ref, faces));
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        return forward(REPLACE_VECTORS, e -> e.replaceVectors(ref, faces));
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return forward(EMBEDDING, e -> e.embedding(ref, faceId));
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        return forward(LIST_FACES, e -> e.listFaces(ref, tag, marker, limit));
    }

    @Override
    public SearchResult search(SearchQuery query) {
        return forward(SEARCH, e -> e.search(query));
    }

    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        return forward(START_FEATURE_JOB, e -> e.startFeatureJob(ref, toVersion));
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return forward(FEATURE_JOB, e -> e.featureJob(tenant, jobId));
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return forward(FEATURE_JOBS, e -> e.featureJobs(tenant));
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        return forward(CHECK_IMAGES, e -> e.checkImages(ref));
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return forward(RECORD, e -> e.record(tenant, kind, key));
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        forwardVoid(PUT_RECORD, e -> e.putRecord(tenant, kind, key, json));
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return forward(DELETE_RECORD, e -> e.deleteRecord(tenant, kind, key));
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return forward(RECORDS, e -> e.records(tenant, kind));
    }

    @Override
    public SortedSet<String> tenants() {
        return forward(TENANTS, FaceEngine::tenants);
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        return forward(ERASE_TENANT, e -> e.eraseTenant(tenant));
    }

    @Override
    public void close() {
        delegate().close();
    }

    @Override
    public String toString() {
        return delegate().toString();
    }
}
