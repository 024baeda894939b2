package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies a tenant's collections from one engine to another through the SPI alone, so it works
 * between any two engines: collections with their limits and attributes, every face re-enrolled
 * from its stored image with its id, tag, description, user data and box, and the dialect
 * records of the kinds named.
 *
 * <p>Resumable: a checkpoint file records, after every page of faces, where each collection
 * stands. Faces keep their ids, so a page sent again after an interruption is refused face by
 * face as already there, never stored twice.
 *
 * <p>A vendor's account moves with its ids when its connector shows it in the vendor dialect's
 * layout ({@code layout: dialect}, an {@link io.polyface.toolkit.connector.VendorExport}): the copy is
 * then what that dialect would have stored, and answers the vendor's clients with their ids. A
 * vendor whose API gives no image back has its faces enrolled from the photos an {@link
 * ImageManifest} names.
 *
 * <p>What cannot be carried over is reported, not hidden: a face without an image at the source or
 * in the manifest (an embedding alone cannot be enrolled through the SPI), a face the target's
 * detector does not find again, a feature version the target lacks, a source that cannot list a
 * collection's faces or keeps no records. Images not attached to a face, feature jobs and their
 * history stay behind (the SPI cannot list them).
 */
public final class Migration {
    private static final int PAGE = 50;

    /**
     * What to copy.
     *
     * @param images the photos of faces whose image the source cannot give (by image id or face id)
     */
    public record Plan(String tenant, Optional<Glob> collections, List<String> recordKinds, Path checkpoint, int pageSize,
            Optional<ImageManifest> images) {
        public Plan {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
            }
            requireNonNull(tenant, "tenant is null");
            requireNonNull(collections, "collections is null");
            recordKinds = List.copyOf(requireNonNull(recordKinds, "recordKinds is null"));
            requireNonNull(checkpoint, "checkpoint is null");
            requireNonNull(images, "images is null");
        }

        public Plan(String tenant, Optional<Glob> collections, List<String> recordKinds, Path checkpoint, int pageSize) {
            this(tenant, collections, recordKinds, checkpoint, pageSize, Optional.empty());
        }

        public Plan(String tenant, Optional<Glob> collections, List<String> recordKinds, Path checkpoint) {
            this(tenant, collections, recordKinds, checkpoint, PAGE);
        }

        public Plan withImages(ImageManifest manifest) {
            return new Plan(tenant, collections, recordKinds, checkpoint, pageSize, Optional.of(manifest));
        }
    }

    /** The outcome: counts, and a line per thing that could not be carried over. */
    public record Report(long collections, long copied, long alreadyThere, long records, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private final FaceEngine source;
    private final FaceEngine target;
    private final Listener progress;

    /** Hears how a migration goes: notes about it, and the faces to copy and copied, for a progress line. */
    @FunctionalInterface
    public interface Listener {
        void note(String line);

        /** The faces there are to copy in this run, once the collections are listed. */
        default void total(long faces) {
        }

        /** Faces handled (copied, already there or not carried over). */
        default void advance(long faces) {
        }
    }

    public Migration(FaceEngine source, FaceEngine target, Listener progress) {
        this.source = requireNonNull(source, "source is null");
        this.target = requireNonNull(target, "target is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public Report run(Plan plan) {
        ObjectNode state = load(plan);
        ObjectNode collectionsState = state.withObject("collections");
        long copied = 0;
        long already = 0;
        long records = 0;
        // Problems found by earlier, interrupted runs are kept in the checkpoint and reported again.
        List<String> problems = new Problems(state.withArray("problems"));
        ObjectNode versionless = state.withObject("versions-not-on-target");
        Set<String> targetVersions = target.featureVersions().stream().map(FeatureVersion::name).collect(Collectors.toSet());

        List<CollectionInfo> chosen = source.collections(plan.tenant()).stream()
                .filter(c -> plan.collections().map(g -> g.matches(c.ref().name())).orElse(true))
                .toList();
        progress.total(chosen.stream()
                .filter(c -> !collectionsState.path(c.ref().name()).path("done").asBoolean(false))
                .mapToLong(c -> Math.max(0, c.faceCount() - collectionsState.path(c.ref().name()).path("faces").asLong(0)))
                .sum());
        for (CollectionInfo info : chosen) {
            String name = info.ref().name();
            ObjectNode cs = collectionsState.withObject(name);
            if (cs.path("done").asBoolean(false)) {
                progress.note("collection " + name + ": done in an earlier run, skipped");
                continue;
            }
            CollectionRef ref = info.ref();
            prepareTarget(info, targetVersions, versionless);
            Optional<String> marker = Optional.ofNullable(cs.path("marker").textValue());
            long done = cs.path("faces").asLong(0);
            while (true) {
                Page<StoredFace> page;
                try {
                    page = source.listFaces(ref, Optional.empty(), marker, plan.pageSize());
                } catch (FaceException.Unsupported unlisted) {
                    problems.add("collection " + name + ": its faces cannot be listed at the source (" + unlisted.getMessage() + ")");
                    cs.put("done", true); // the collection itself is copied; another run would not list its faces either
                    save(plan.checkpoint(), state);
                    break;
                }
                long[] counts = copyPage(ref, page.items(), plan.images(), problems);
                copied += counts[0];
                already += counts[1];
                done += page.items().size();
                marker = page.nextMarker();
                cs.put("faces", done);
                marker.ifPresentOrElse(m -> cs.put("marker", m), () -> cs.remove("marker"));
                if (marker.isEmpty()) {
                    cs.put("done", true);
                }
                save(plan.checkpoint(), state);
                progress.advance(page.items().size());
                if (marker.isEmpty()) {
                    progress.note("collection " + name + ": " + done + " of " + info.faceCount() + " faces");
                    break;
                }
            }
        }
        ObjectNode recordState = state.withObject("records");
        for (String kind : plan.recordKinds()) {
            if (recordState.path(kind).asBoolean(false)) {
                continue;
            }
            Map<String, String> all;
            try {
                all = source.records(plan.tenant(), kind);
            } catch (FaceException.Unsupported none) {
                problems.add("records of kind " + kind + ": the source keeps none (" + none.getMessage() + ")");
                recordState.put(kind, true);
                save(plan.checkpoint(), state);
                continue;
            }
            all.forEach((key, json) -> target.putRecord(plan.tenant(), kind, key, json));
            records += all.size();
            recordState.put(kind, true);
            save(plan.checkpoint(), state);
            progress.note("records " + kind + ": " + all.size());
        }
        List<String> all = new ArrayList<>(problems);
        versionless.properties().forEach(v -> all.add(v.getValue().size() + " collection(s) of feature version " + v.getKey()
                + ", which the target lacks, get the target's default (" + target.featureVersion() + "), their faces extracted "
                + "again: " + names(v.getValue())));
        all.add("not carried over by design: images without a face, feature jobs and their history "
                + "(the engine SPI cannot list them), and record kinds not named with --record-kinds");
        return new Report(chosen.size(), copied, already, records, all);
    }

    /** Up to five names of a list, and how many more. */
    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        return String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
    }

    /**
     * Creates the collection on the target, or brings its attributes up to date. A feature version
     * the target lacks is noted once per version (a vendor's account has hundreds of collections).
     */
    private void prepareTarget(CollectionInfo info, Set<String> targetVersions, ObjectNode versionless) {
        CollectionRef ref = info.ref();
        CollectionSpec spec = info.spec();
        String version = info.featureVersion();
        if (!targetVersions.contains(version)) {
            ArrayNode names = versionless.withArrayProperty(version);
            boolean noted = false;
            for (JsonNode name : names) {
                noted |= name.asText().equals(ref.name());
            }
            if (!noted) {
                names.add(ref.name());
            }
            spec = new CollectionSpec(spec.capacity(), spec.maxFacesPerTag(), spec.maxCollectionsPerTenant(),
                    Optional.empty(), spec.attributes());
        }
        if (target.collection(ref).isPresent()) {
            target.updateCollection(ref, spec.attributes());
        } else {
            target.createCollection(ref, spec);
        }
    }

    /** Copies one page; returns {copied, already there}. */
    private long[] copyPage(CollectionRef ref, List<StoredFace> faces, Optional<ImageManifest> photos, List<String> problems) {
        List<NewFace> batch = new ArrayList<>();
        List<StoredFace> sent = new ArrayList<>();
        for (StoredFace face : faces) {
            Optional<byte[]> image = image(face, photos, problems);
            if (image.isEmpty()) {
                continue;
            }
            NewFace copy = new NewFace(image.get(), face.tag(), face.description(), face.userData()).withFaceId(face.faceId());
            // A source that does not know where the face is (an empty box) leaves the choice to the target: the main face.
            batch.add(face.box().area() > 0 ? copy.withRegion(face.box()) : copy);
            sent.add(face);
        }
        long copied = 0;
        long already = 0;
        if (batch.isEmpty()) {
            return new long[] {0, 0};
        }
        List<EnrolOutcome> outcomes = target.addFaces(ref, batch);
        for (int i = 0; i < outcomes.size(); i++) {
            switch (outcomes.get(i)) {
                case EnrolOutcome.Enrolled enrolled -> copied++;
                case EnrolOutcome.Rejected rejected -> {
                    if (rejected.reason() instanceof FaceException.AlreadyExists) {
                        already++;
                    } else if (rejected.reason() instanceof FaceException.BackendUnavailable unavailable) {
                        throw unavailable;
                    } else {
                        StoredFace face = sent.get(i);
                        problems.add("collection " + ref.name() + ": face " + face.faceId() + " (tag " + face.tag()
                                + ") refused by the target: " + rejected.reason().getMessage());
                    }
                }
            }
        }
        return new long[] {copied, already};
    }

    /**
     * A face's image: the source's, else the photo the manifest lists for its image id or face id;
     * a face with neither is a problem, reported.
     */
    private Optional<byte[]> image(StoredFace face, Optional<ImageManifest> photos, List<String> problems) {
        String where = "collection " + face.collection().name() + ": face " + face.faceId() + " (tag " + face.tag() + ")";
        Optional<byte[]> image;
        try {
            image = face.imageId().isEmpty() ? Optional.empty() : source.image(face.collection().tenant(), face.imageId());
        } catch (FaceException.Unsupported noImages) {
            image = Optional.empty();
        }
        if (image.isPresent()) {
            return image;
        }
        Optional<Path> photo = photos.flatMap(m -> m.photo(List.of(face.imageId(), face.faceId())));
        if (photo.isEmpty()) {
            problems.add(where + " has no image at the source" + (photos.isPresent() ? " and none in " + photos.get().file() : "")
                    + "; an embedding alone cannot be enrolled");
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(photo.get()));
        } catch (IOException e) {
            problems.add(where + ": its photo " + photo.get() + " cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The problems list, kept in the checkpoint's JSON array as it grows (saved with each page). */
    private static final class Problems extends java.util.AbstractList<String> {
        private final ArrayNode array;

        Problems(ArrayNode array) {
            this.array = array;
        }

        @Override
        public String get(int index) {
            return array.get(index).asText();
        }

        @Override
        public int size() {
            return array.size();
        }

        @Override
        public boolean add(String problem) {
            array.add(problem);
            return true;
        }
    }

    private ObjectNode load(Plan plan) {
        Path file = plan.checkpoint();
        if (!Files.exists(file)) {
            ObjectNode fresh = Json.object();
            fresh.put("source", source.name());
            fresh.put("target", target.name());
            fresh.put("tenant", plan.tenant());
            return fresh;
        }
        try {
            JsonNode node = Json.PLAIN.readTree(file.toFile());
            if (!(node instanceof ObjectNode state) || !plan.tenant().equals(state.path("tenant").asText())
                    || !source.name().equals(state.path("source").asText()) || !target.name().equals(state.path("target").asText())) {
                throw new IllegalArgumentException("the checkpoint " + file + " belongs to another migration; "
                        + "remove it or name another file");
            }
            progress.note("resuming from " + file);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file, e);
        }
    }

    private static void save(Path file, ObjectNode state) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(temporary, Json.PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }
}
