package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The skeleton of a connector to a vendor's own API, so that a connector holds only its vendor's
 * mapping: the engine's name, feature version and health, the one tenant a vendor's namespace
 * serves, and every call the vendor's API cannot express answered with {@link
 * FaceException.Unsupported} naming that API. A connector overrides the calls its vendor can answer.
 * Replacing and deleting a tag's faces are built on the connector's own calls.
 *
 * <p>Its own state is immutable: a connector is thread-safe when its own state is.
 */
public abstract class VendorConnector implements VendorEngine {

    /**
     * Who the backend is.
     *
     * @param id the key of the failure in {@link #health()} ("facepass")
     * @param name the vendor's name in messages ("FacePass")
     * @param apiName how failures name the vendor's API ("FacePass's API")
     * @param featureVersion the one feature version the backend has, as this engine reports it
     */
    public record Vendor(String id, String name, String apiName, FeatureVersion featureVersion) {
        public Vendor {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(apiName, "apiName is null");
            requireNonNull(featureVersion, "featureVersion is null");
        }

        /** A vendor's server, whose features are not visible through its API. */
        public static Vendor server(String id, String name, String featureVersion) {
            return new Vendor(id, name, name + "'s API", new FeatureVersion(featureVersion,
                    "whatever features the " + name + " server extracts; not visible through its API"));
        }
    }

    private final ConnectorContext context;
    private final Vendor vendor;
    private final String tenant;

    /** @param tenant the one tenant the backend's namespace serves */
    protected VendorConnector(ConnectorContext context, Vendor vendor, String tenant) {
        this.context = requireNonNull(context, "context is null");
        this.vendor = requireNonNull(vendor, "vendor is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
    }

    protected final ConnectorContext context() {
        return context;
    }

    /** The one tenant this backend serves. */
    protected final String tenant() {
        return tenant;
    }

    protected final Instant now() {
        return context.clock().instant();
    }

    @Override
    public final String name() {
        return context.engineName();
    }

    @Override
    public final String apiName() {
        return vendor.apiName();
    }

    @Override
    public final String featureVersion() {
        return vendor.featureVersion().name();
    }

    @Override
    public final List<FeatureVersion> featureVersions() {
        return List.of(vendor.featureVersion());
    }

    /** Ready with {@link #healthDetails()}, or not ready with the failure that asking them met. */
    @Override
    public final EngineHealth health() {
        try {
            return new EngineHealth(true, healthDetails());
        } catch (FaceException e) {
            return new EngineHealth(false, Map.of(vendor.id(), e.getMessage()));
        }
    }

    /** What the backend says about itself (its version, its limits): one cheap call. */
    protected abstract Map<String, String> healthDetails();

    // ---- the one tenant --------------------------------------------------------------------

    protected final boolean serves(String requested) {
        return tenant.equals(requested);
    }

    /** Refuses another tenant's call: the backend's one namespace would mix the tenants. */
    protected final void checkTenant(String requested) {
        if (!serves(requested)) {
            throw unsupported("tenant " + requested + " (this " + vendor.name() + " backend serves tenant " + tenant + " only)");
        }
    }

    /**
     * Refuses a new collection for another tenant, one with limits (capacity, faces per tag,
     * collections per tenant), {@code limits} saying why the vendor has none, or one of another
     * feature version.
     */
    protected final void checkNewCollection(CollectionRef ref, CollectionSpec spec, String limits) {
        checkTenant(ref.tenant());
        if (spec.capacity().isPresent() || spec.maxFacesPerTag().isPresent() || spec.maxCollectionsPerTenant().isPresent()) {
            throw unsupported(limits);
        }
        checkFeatureVersion(spec);
    }

    /** Refuses a collection of another feature version than the backend's one. */
    protected final void checkFeatureVersion(CollectionSpec spec) {
        if (spec.featureVersion().isPresent() && !spec.featureVersion().get().equals(featureVersion())) {
            throw new FaceException.InvalidArgument("featureVersion", "a " + vendor.name() + " backend has one feature version: "
                    + featureVersion());
        }
    }

    /**
     * The collection a create just made, read back from the vendor: an internal failure when the
     * vendor does not show it.
     *
     * @param what the vendor's word for a collection ("group")
     */
    protected final CollectionInfo created(CollectionRef ref, String what) {
        return collection(ref).orElseThrow(() -> new FaceException.Internal(
                vendor.name() + " created " + what + " " + ref.name() + " but does not list it", null));
    }

    /** Refuses a replacement of a tag by faces of another tag. */
    protected static void checkSameTag(String tag, List<NewFace> faces) {
        if (faces.stream().anyMatch(f -> !f.tag().equals(tag))) {
            throw new FaceException.InvalidArgument("tag", "every new face must have the tag it replaces");
        }
    }

    /** The best {@code topK} of hits gathered collection by collection, by score. */
    protected static List<SearchHit> best(List<SearchHit> hits, int topK) {
        List<SearchHit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return sorted.subList(0, Math.min(sorted.size(), topK));
    }

    // ---- built on the connector's own calls ------------------------------------------------

    /** The new faces first; the tag's old faces go only once one new face is in (a vendor has no transaction). */
    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        checkSameTag(tag, faces);
        List<StoredFace> old = facesByTag(ref, tag);
        if (old.isEmpty()) {
            throw new FaceException.NotFound(FaceException.Resource.TAG, tag);
        }
        List<EnrolOutcome> outcomes = addFaces(ref, faces);
        if (outcomes.stream().anyMatch(o -> o instanceof EnrolOutcome.Enrolled)) {
            old.forEach(f -> deleteFace(ref, f.faceId()));
        }
        return outcomes;
    }

    /** Each face of the tag deleted; the count of those that were. */
    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        long deleted = 0;
        for (StoredFace face : facesByTag(ref, tag)) {
            deleted += deleteFace(ref, face.faceId()) ? 1 : 0;
        }
        return deleted;
    }

    // What a vendor's API may not express (detection, comparison, stored images, looking faces up,
    // listing, changing and copying them) is left to FaceEngine's optional calls, which fail with
    // this backend's unsupported(...); a connector overrides those its vendor offers.

    /** A backend without stored images has none to give. */
    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return Optional.empty();
    }
}
