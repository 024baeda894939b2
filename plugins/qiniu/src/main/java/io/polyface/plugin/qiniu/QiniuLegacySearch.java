package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A search of Qiniu's older API generation, by face or by image ({@code PostFaceGroupsSearch},
 * {@code PostImageGroupsSearch} in argus/feature_group): {@code data.uri} and {@code params.groups}
 * (repeats dropped), {@code params.limit} (0 means 1, a negative one every match, at most 10000)
 * and {@code params.threshold} (0..1; below the system's threshold the system's is used). The
 * single-group searches are this with their group and without threshold (faces: without limit too).
 */
record QiniuLegacySearch(String uri, List<String> groups, long limit, double threshold) {
    static final int MAX_LIMIT = 10_000;
    static final int MAX_GROUPS = 5;

    QiniuLegacySearch {
        requireNonNull(uri, "uri is null");
        groups = List.copyOf(new LinkedHashSet<>(requireNonNull(groups, "groups is null")));
    }

    /** {@code POST /v1/face/groups/search} and {@code /v1/image/groups/search}. */
    static QiniuLegacySearch multi(QiniuLegacyBody body) {
        QiniuLegacyBody params = body.object("params");
        return new QiniuLegacySearch(QiniuLimits.uri("data.uri", body.object("data").string("uri")), params.strings("groups"),
                params.whole("limit"), params.number("threshold"));
    }

    /** {@code POST /v1/face/group/<id>/search}: its request has {@code data} only. */
    static QiniuLegacySearch face(String group, QiniuLegacyBody body) {
        return new QiniuLegacySearch(QiniuLimits.uri("data.uri", body.object("data").string("uri")), List.of(group), 0, 0);
    }

    /** {@code POST /v1/image/group/<id>/search}: {@code data} and {@code params.limit}. */
    static QiniuLegacySearch image(String group, QiniuLegacyBody body) {
        return new QiniuLegacySearch(body.object("data").string("uri"), List.of(group), body.object("params").whole("limit"), 0);
    }

    /** What the older generation refuses with 406, in the order it checks, before it looks up a group. */
    Optional<String> refusal() {
        if (uri.isBlank()) {
            return Optional.of("no enough arguments provided");
        }
        if (limit > MAX_LIMIT) {
            return Optional.of("invalid limit, maximal allowed limit is " + MAX_LIMIT);
        }
        if (threshold < 0 || threshold > 1) {
            return Optional.of("invalid threshold");
        }
        if (groups.isEmpty()) {
            return Optional.of("groups is empty");
        }
        if (groups.size() > MAX_GROUPS) {
            return Optional.of("cannot search in more than " + MAX_GROUPS + " groups at one time");
        }
        return Optional.empty();
    }

    /**
     * How many results a face (or the image) gets: the limit; for a negative one the groups' size, at
     * most {@value #MAX_LIMIT}; never fewer than 1.
     */
    int resultCount(LongSupplier groupsSize) {
        long count = limit < 0 ? Math.min(groupsSize.getAsLong(), MAX_LIMIT) : limit;
        return (int) Math.max(1, count);
    }

    /** The threshold searched with: the request's, unless the system's is higher. */
    double threshold(double system) {
        return Math.max(threshold, system);
    }
}
