package io.polyface.plugin.sensetime;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.EyeState;
import io.polyface.spi.engine.FaceAttributes;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceLandmarks;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Orientation;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Point;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * An in-memory engine for the dialect's tests. Its "detector" reads test pictures drawn by {@link
 * TestImages}: the colour of the pixel at the image's centre is the person (its embedding is that
 * RGB colour, normalised), and a black centre means no face. One face per image, in the middle.
 * Thread-safe through one lock.
 */
final class FakeFaceEngine implements FaceEngine {
    private static final String VERSION = "fake-v1";

    private record Stored(StoredFace face, Embedding embedding) {
    }

    private final Map<CollectionRef, CollectionInfo> collections = new LinkedHashMap<>();
    private final Map<CollectionRef, Map<String, Stored>> faces = new LinkedHashMap<>();
    private final Map<String, TreeMap<String, String>> records = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String featureVersion() {
        return VERSION;
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return List.of(new FeatureVersion(VERSION, "test"));
    }

    @Override
    public EngineHealth health() {
        return new EngineHealth(true, Map.of());
    }

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return analyze(image, Set.of());
    }

    @Override
    public synchronized List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        BufferedImage pixels;
        try {
            pixels = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new FaceException.UndecodableImage("fake: unreadable");
        }
        if (pixels == null) {
            throw new FaceException.UndecodableImage("fake: unreadable");
        }
        int w = pixels.getWidth();
        int h = pixels.getHeight();
        // A "pair" picture: a grey centre column between two people, each in one half.
        int centre = pixels.getRGB(w / 2, h / 2) & 0xFFFFFF;
        if (centre == TestImages.PAIR_DIVIDER && w >= 40) {
            List<DetectedFace> pair = new ArrayList<>();
            int left = pixels.getRGB(w / 4, h / 2) & 0xFFFFFF;
            int right = pixels.getRGB(3 * w / 4, h / 2) & 0xFFFFFF;
            pair.add(face(new BoundingBox(w * 0.1, h * 0.25, w * 0.3, h * 0.5), 0.99, left, features, w, h, Orientation.UP));
            pair.add(face(new BoundingBox(w * 0.6, h * 0.3, w * 0.25, h * 0.4), 0.98, right, features, w, h, Orientation.UP));
            return pair;
        }
        int rgb = centre;
        if (rgb == 0) {
            return List.of();
        }
        // An upright test face has a white top-left marker pixel block; turned images move it.
        int marker = pixels.getRGB(2, 2);
        boolean white = ((marker >> 16) & 0xFF) > 220 && ((marker >> 8) & 0xFF) > 220 && (marker & 0xFF) > 220;
        Orientation orientation = white ? Orientation.UP : Orientation.LEFT;
        BoundingBox box = new BoundingBox(w / 4.0, h / 4.0, w / 2.0, h / 2.0);
        // Like a real detector, it is less sure of a face that lies on its side.
        return List.of(face(box, white ? 0.99 : 0.7, rgb, features, w, h, orientation));
    }

    private static DetectedFace face(BoundingBox box, double confidence, int rgb, Set<FaceFeature> features, int w, int h,
            Orientation orientation) {
        List<Point> five = List.of(new Point(w * 0.4, h * 0.4), new Point(w * 0.6, h * 0.4), new Point(w * 0.5, h * 0.5),
                new Point(w * 0.42, h * 0.6), new Point(w * 0.58, h * 0.6));
        Optional<FaceLandmarks> landmarks = features.contains(FaceFeature.LANDMARKS)
                ? Optional.of(new FaceLandmarks(points(68, w, h), points(21, w, h), points(106, w, h)))
                : Optional.empty();
        Optional<FaceAttributes> attributes = features.contains(FaceFeature.ATTRIBUTES)
                ? Optional.of(new FaceAttributes(31.6, new FaceAttributes.Estimate<>(Gender.FEMALE, 0.9),
                        new FaceAttributes.Estimate<>(EyeState.OPEN, 0.9), new FaceAttributes.Estimate<>(EyeState.OPEN, 0.9), 0.25))
                : Optional.empty();
        Optional<FaceQuality> quality = features.contains(FaceFeature.QUALITY)
                ? Optional.of(new FaceQuality(0.1, 120, 40, w / 2.0, orientation))
                : Optional.empty();
        FaceDetails details = new FaceDetails(Optional.empty(), quality, attributes, OptionalDouble.empty(), landmarks);
        return new DetectedFace(box, confidence, five, embeddingOf(rgb), details);
    }

    private static List<Point> points(int n, int w, int h) {
        return IntStream.range(0, n).mapToObj(i -> new Point(w * 0.3 + i * 0.1, h * 0.3 + i * 0.1)).toList();
    }

    static Embedding embeddingOf(int rgb) {
        float[] v = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int i = 0; i < 3; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return new Embedding(v, VERSION);
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        throw new FaceException.Unsupported("fake");
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        throw new FaceException.Unsupported("fake");
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return Optional.empty();
    }

    @Override
    public synchronized CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        if (collections.containsKey(ref)) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
        }
        CollectionInfo info = new CollectionInfo(ref, spec.withFeatureVersion(VERSION), Instant.EPOCH, Instant.EPOCH, 0, 0);
        collections.put(ref, info);
        faces.put(ref, new LinkedHashMap<>());
        return info;
    }

    @Override
    public synchronized Optional<CollectionInfo> collection(CollectionRef ref) {
        return Optional.ofNullable(collections.get(ref)).map(this::withCount);
    }

    private CollectionInfo withCount(CollectionInfo info) {
        return new CollectionInfo(info.ref(), info.spec(), info.createdAt(), info.updatedAt(), faces.get(info.ref()).size(), 0);
    }

    @Override
    public synchronized List<CollectionInfo> collections(String tenant) {
        return collections.values().stream().filter(c -> c.ref().tenant().equals(tenant)).map(this::withCount).toList();
    }

    @Override
    public synchronized long clearCollection(CollectionRef ref) {
        int n = existing(ref).size();
        existing(ref).clear();
        return n;
    }

    @Override
    public synchronized void deleteCollection(CollectionRef ref) {
        existing(ref);
        collections.remove(ref);
        faces.remove(ref);
    }

    @Override
    public synchronized CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        existing(ref);
        CollectionInfo old = collections.get(ref);
        CollectionInfo updated = new CollectionInfo(ref, old.spec().withAttributes(attributes), old.createdAt(), old.updatedAt(), 0, 0);
        collections.put(ref, updated);
        return withCount(updated);
    }

    private Map<String, Stored> existing(CollectionRef ref) {
        Map<String, Stored> found = faces.get(ref);
        if (found == null) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        return found;
    }

    /** Face ids are unique across collections, as in the local engine. */
    private boolean idTaken(String faceId) {
        return faces.values().stream().anyMatch(m -> m.containsKey(faceId));
    }

    @Override
    public synchronized List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> newFaces) {
        Map<String, Stored> target = existing(ref);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (NewFace face : newFaces) {
            List<DetectedFace> all = analyze(face.image(), Set.of());
            // The face overlapping the caller's region most (IoU at least 0.3), else the main one.
            List<DetectedFace> found = face.region().isEmpty() ? all : all.stream()
                    .filter(f -> f.box().iou(face.region().get()) >= 0.3)
                    .sorted(Comparator.comparingDouble((DetectedFace f) -> f.box().iou(face.region().get())).reversed())
                    .toList();
            if (found.isEmpty()) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NoFace()));
                continue;
            }
            String id = face.faceId().orElseGet(() -> java.util.UUID.randomUUID().toString());
            if (idTaken(id)) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(FaceException.Resource.FACE, id)));
                continue;
            }
            StoredFace stored = new StoredFace(id, ref, face.tag(), face.description(), face.userData(), found.getFirst().box(),
                    "img", Instant.EPOCH);
            target.put(id, new Stored(stored, found.getFirst().embedding()));
            outcomes.add(new EnrolOutcome.Enrolled(stored, Optional.of(found.getFirst())));
        }
        return outcomes;
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> newFaces) {
        throw new FaceException.Unsupported("fake");
    }

    @Override
    public synchronized List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return existing(ref).values().stream().map(Stored::face).filter(f -> f.tag().equals(tag)).toList();
    }

    @Override
    public synchronized long deleteFacesByTag(CollectionRef ref, String tag) {
        Map<String, Stored> all = existing(ref);
        List<String> ids = all.values().stream().filter(s -> s.face().tag().equals(tag)).map(s -> s.face().faceId()).toList();
        ids.forEach(all::remove);
        return ids.size();
    }

    @Override
    public synchronized Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return Optional.ofNullable(existing(ref).get(faceId)).map(Stored::face);
    }

    @Override
    public synchronized boolean deleteFace(CollectionRef ref, String faceId) {
        return existing(ref).remove(faceId) != null;
    }

    @Override
    public synchronized StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        Stored old = existing(ref).get(faceId);
        if (old == null) {
            throw new FaceException.NotFound(FaceException.Resource.FACE, faceId);
        }
        StoredFace f = old.face();
        StoredFace updated = new StoredFace(f.faceId(), f.collection(), update.tag().orElse(f.tag()),
                update.description().or(f::description), update.userData().or(f::userData), f.box(), f.imageId(), f.createdAt());
        existing(ref).put(faceId, new Stored(updated, old.embedding()));
        return updated;
    }

    @Override
    public synchronized List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        Map<String, Stored> into = existing(target);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (FaceCopy copy : copies) {
            Stored source = Optional.ofNullable(faces.get(copy.source())).map(m -> m.get(copy.sourceFaceId())).orElse(null);
            if (source == null) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NotFound(FaceException.Resource.FACE, copy.sourceFaceId())));
                continue;
            }
            String id = copy.faceId().orElse(copy.sourceFaceId());
            if (idTaken(id)) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(FaceException.Resource.FACE, id)));
                continue;
            }
            StoredFace s = source.face();
            StoredFace stored = new StoredFace(id, target, copy.tag().orElse(s.tag()), s.description(), s.userData(), s.box(),
                    s.imageId(), Instant.EPOCH);
            into.put(id, new Stored(stored, source.embedding()));
            outcomes.add(new EnrolOutcome.Enrolled(stored));
        }
        return outcomes;
    }

    @Override
    public synchronized Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return Optional.ofNullable(existing(ref).get(faceId)).map(Stored::embedding);
    }

    @Override
    public synchronized Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        List<StoredFace> all = existing(ref).values().stream().map(Stored::face)
                .filter(f -> tag.isEmpty() || f.tag().equals(tag.get())).toList();
        int start = marker.map(Integer::parseInt).orElse(0);
        int end = Math.min(all.size(), start + limit);
        return new Page<>(all.subList(start, end), end < all.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }

    @Override
    public synchronized SearchResult search(SearchQuery query) {
        Embedding probe = switch (query.probe()) {
            case Probe.StoredFaceProbe stored -> embedding(stored.collection(), stored.faceId())
                    .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.FACE, stored.faceId()));
            case Probe.EmbeddingProbe embedding -> embedding.embedding();
            case Probe.ImageProbe image -> analyze(image.image(), Set.of()).getFirst().embedding();
        };
        List<SearchHit> hits = new ArrayList<>();
        for (CollectionRef ref : query.collections()) {
            for (Stored s : existing(ref).values()) {
                double score = probe.cosine(s.embedding());
                if (score >= query.minScore()) {
                    hits.add(new SearchHit(s.face(), score));
                }
            }
        }
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        List<SearchHit> chosen = new ArrayList<>();
        Set<String> tags = new HashSet<>();
        for (SearchHit hit : hits) {
            if (chosen.size() == query.topK()) {
                break;
            }
            if (!query.distinctTags() || tags.add(hit.face().tag())) {
                chosen.add(hit);
            }
        }
        return new SearchResult(Optional.empty(), chosen);
    }

    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        throw new FaceException.Unsupported("fake");
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return Optional.empty();
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return List.of();
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        throw new FaceException.Unsupported("fake");
    }

    private TreeMap<String, String> kind(String tenant, String kind) {
        return records.computeIfAbsent(tenant + "\u0000" + kind, k -> new TreeMap<>());
    }

    @Override
    public synchronized Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(kind(tenant, kind).get(key));
    }

    @Override
    public synchronized void putRecord(String tenant, String kind, String key, String json) {
        kind(tenant, kind).put(key, json);
    }

    @Override
    public synchronized boolean deleteRecord(String tenant, String kind, String key) {
        return kind(tenant, kind).remove(key) != null;
    }

    @Override
    public synchronized SortedMap<String, String> records(String tenant, String kind) {
        return new TreeMap<>(kind(tenant, kind));
    }

    @Override
    public void close() {
    }
}
