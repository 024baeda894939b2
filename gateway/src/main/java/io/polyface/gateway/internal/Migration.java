package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Consumer;
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
 * <p>What cannot be carried over is reported, not hidden: a face whose image the source no
 * longer has (an embedding alone cannot be enrolled through the SPI), a face the target's
 * detector does not find again, a feature version the target lacks. Images not attached to a face,
 * feature jobs and their history stay behind (the SPI cannot list them).
 */
public final class Migration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 50;

    /** What to copy. */
    public record Plan(String tenant, Optional<Glob> collections, List<String> recordKinds, Path checkpoint, int pageSize) {
        public Plan {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
            }
            requireNonNull(tenant, "tenant is null");
            requireNonNull(collections, "collections is null");
            recordKinds = List.copyOf(requireNonNull(recordKinds, "recordKinds is null"));
            requireNonNull(checkpoint, "checkpoint is null");
        }

        public Plan(String tenant, Optional<Glob> collections, List<String> recordKinds, Path checkpoint) {
            this(tenant, collections, recordKinds, checkpoint, PAGE);
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
    private final Consumer<String> progress;

    public Migration(FaceEngine source, FaceEngine target, Consumer<String> progress) {
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
        Set<String> targetVersions = target.featureVersions().stream().map(FeatureVersion::name).collect(Collectors.toSet());

        List<CollectionInfo> chosen = source.collections(plan.tenant()).stream()
                .filter(c -> plan.collections().map(g -> g.matches(c.ref().name())).orElse(true))
                .toList();
        for (CollectionInfo info : chosen) {
            String name = info.ref().name();
            ObjectNode cs = collectionsState.withObject(name);
            if (cs.path("done").asBoolean(false)) {
                progress.accept("collection " + name + ": done in an earlier run, skipped");
                continue;
            }
            CollectionRef ref = info.ref();
            prepareTarget(info, targetVersions, problems);
            Optional<String> marker = Optional.ofNullable(cs.path("marker").textValue());
            long done = cs.path("faces").asLong(0);
            while (true) {
                Page<StoredFace> page = source.listFaces(ref, Optional.empty(), marker, plan.pageSize());
                long[] counts = copyPage(ref, page.items(), problems);
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
                progress.accept("collection " + name + ": " + done + " of " + info.faceCount() + " faces");
                if (marker.isEmpty()) {
                    break;
                }
            }
        }
        ObjectNode recordState = state.withObject("records");
        for (String kind : plan.recordKinds()) {
            if (recordState.path(kind).asBoolean(false)) {
                continue;
            }
            Map<String, String> all = source.records(plan.tenant(), kind);
            all.forEach((key, json) -> target.putRecord(plan.tenant(), kind, key, json));
            records += all.size();
            recordState.put(kind, true);
            save(plan.checkpoint(), state);
            progress.accept("records " + kind + ": " + all.size());
        }
        List<String> all = new ArrayList<>(problems);
        all.add("not carried over by design: images without a face, feature jobs and their history "
                + "(the engine SPI cannot list them), and record kinds not named with --record-kinds");
        return new Report(chosen.size(), copied, already, records, all);
    }

    private void prepareTarget(CollectionInfo info, Set<String> targetVersions, List<String> problems) {
        CollectionRef ref = info.ref();
        CollectionSpec spec = info.spec();
        String version = info.featureVersion();
        if (!targetVersions.contains(version)) {
            problems.add("collection " + ref.name() + ": feature version " + version + " is not available on the target; "
                    + "its faces get the target's default (" + target.featureVersion() + ")");
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
    private long[] copyPage(CollectionRef ref, List<StoredFace> faces, List<String> problems) {
        List<NewFace> batch = new ArrayList<>();
        List<StoredFace> sent = new ArrayList<>();
        for (StoredFace face : faces) {
            Optional<byte[]> image = source.image(ref.tenant(), face.imageId());
            if (image.isEmpty()) {
                problems.add("collection " + ref.name() + ": face " + face.faceId() + " (tag " + face.tag()
                        + ") has no stored image; an embedding alone cannot be enrolled");
                continue;
            }
            batch.add(new NewFace(image.get(), face.tag(), face.description(), face.userData())
                    .withFaceId(face.faceId())
                    .withRegion(face.box()));
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

    /** The problems list, kept in the checkpoint's JSON array as it grows (saved with each page). */
    private static final class Problems extends java.util.AbstractList<String> {
        private final com.fasterxml.jackson.databind.node.ArrayNode array;

        Problems(com.fasterxml.jackson.databind.node.ArrayNode array) {
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
            ObjectNode fresh = JSON.createObjectNode();
            fresh.put("source", source.name());
            fresh.put("target", target.name());
            fresh.put("tenant", plan.tenant());
            return fresh;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (!(node instanceof ObjectNode state) || !plan.tenant().equals(state.path("tenant").asText())
                    || !source.name().equals(state.path("source").asText()) || !target.name().equals(state.path("target").asText())) {
                throw new IllegalArgumentException("the checkpoint " + file + " belongs to another migration; "
                        + "remove it or name another file");
            }
            progress.accept("resuming from " + file);
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
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }
}
