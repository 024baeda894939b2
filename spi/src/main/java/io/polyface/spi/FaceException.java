package io.polyface.spi;

import static java.util.Objects.requireNonNull;

/**
 * Every failure an engine or dialect can report, as one closed hierarchy.
 *
 * <p>Each dialect maps these onto its vendor's status codes and envelope in exactly one place, with
 * an exhaustive {@code switch} and no {@code default}, so a new kind of failure cannot slip through
 * unmapped.
 */
public abstract sealed class FaceException extends RuntimeException
        permits FaceException.ResourceFailure,
                FaceException.InvalidArgument,
                FaceException.QuotaExceeded,
                FaceException.NoFace,
                FaceException.BadQuality,
                FaceException.UndecodableImage,
                FaceException.ImageTooLarge,
                FaceException.DownloadFailed,
                FaceException.Unauthorized,
                FaceException.RateLimited,
                FaceException.BackendUnavailable,
                FaceException.Unsupported,
                FaceException.Internal {

    private static final long serialVersionUID = 1L;

    /** Who is to blame, in the sense operators and retry logic care about. */
    public enum Category {
        /** The caller sent something wrong; retrying the same request will fail again. */
        USER,
        /** Something outside Polyface failed (a download, a remote backend). */
        EXTERNAL,
        /** A limit was reached: a quota, a rate, a capacity. */
        RESOURCE,
        /** A defect or an unexpected state inside Polyface. */
        INTERNAL
    }

    /** The kinds of stored things a failure can name. */
    public enum Resource { COLLECTION, FACE, TAG, PERSON, IMAGE, TASK }

    /** The limits a request can run into. */
    public enum Quota { COLLECTIONS, FACES_PER_TAG, COLLECTION_CAPACITY, BATCH_SIZE }

    private final Category category;

    private FaceException(Category category, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.category = requireNonNull(category, "category is null");
    }

    public Category category() {
        return category;
    }

    /**
     * A failure about one stored thing, named by its kind and id. Its two cases are matched one by
     * one; this base only keeps what they share.
     */
    public abstract static sealed class ResourceFailure extends FaceException permits NotFound, AlreadyExists {
        private static final long serialVersionUID = 1L;
        private final Resource resource;
        private final String id;

        private ResourceFailure(Resource resource, String id, String what) {
            super(Category.USER, resource.name().toLowerCase(java.util.Locale.ROOT) + " " + what + ": " + id, null);
            this.resource = resource;
            this.id = id;
        }

        public Resource resource() {
            return resource;
        }

        public String id() {
            return id;
        }
    }

    public static final class NotFound extends ResourceFailure {
        private static final long serialVersionUID = 1L;

        public NotFound(Resource resource, String id) {
            super(resource, id, "not found");
        }
    }

    public static final class AlreadyExists extends ResourceFailure {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(Resource resource, String id) {
            super(resource, id, "already exists");
        }
    }

    /** A request field is missing, of the wrong type, or out of range. */
    public static final class InvalidArgument extends FaceException {
        private static final long serialVersionUID = 1L;
        private final String field;

        public InvalidArgument(String field, String message) {
            super(Category.USER, message, null);
            this.field = requireNonNull(field, "field is null");
        }

        /** The request field at fault, in the vendor's own spelling where the dialect knows it. */
        public String field() {
            return field;
        }
    }

    public static final class QuotaExceeded extends FaceException {
        private static final long serialVersionUID = 1L;
        private final Quota quota;
        private final long limit;

        public QuotaExceeded(Quota quota, long limit, String message) {
            super(Category.RESOURCE, message, null);
            this.quota = requireNonNull(quota, "quota is null");
            this.limit = limit;
        }

        public Quota quota() {
            return quota;
        }

        public long limit() {
            return limit;
        }
    }

    /** The image decoded, but no face was found in it. */
    public static final class NoFace extends FaceException {
        private static final long serialVersionUID = 1L;

        public NoFace() {
            super(Category.USER, "no face detected", null);
        }
    }

    /** A face was found but fails the quality policy in force. */
    public static final class BadQuality extends FaceException {
        private static final long serialVersionUID = 1L;
        private final java.util.List<QualityCheck> failedChecks;

        public BadQuality(String message) {
            this(message, java.util.List.of());
        }

        /** @param failedChecks the checks of the policy the face failed, in the policy's order */
        public BadQuality(String message, java.util.List<QualityCheck> failedChecks) {
            super(Category.USER, message, null);
            this.failedChecks = java.util.List.copyOf(failedChecks);
        }

        public java.util.List<QualityCheck> failedChecks() {
            return failedChecks;
        }
    }

    /** The bytes are not an image any decoder here understands, or the image is broken. */
    public static final class UndecodableImage extends FaceException {
        private static final long serialVersionUID = 1L;

        public UndecodableImage(String message) {
            super(Category.USER, message, null);
        }
    }

    /**
     * The image (or the request carrying it) is over a size limit: either its encoded bytes or, for
     * an image whose header declares more pixels than the engine decodes, its pixel count. Exactly
     * one of {@link #limitBytes()} and {@link #limitPixels()} is positive.
     */
    public static final class ImageTooLarge extends FaceException {
        private static final long serialVersionUID = 1L;
        private final long limitBytes;
        private final long limitPixels;

        /** Over a byte limit. */
        public ImageTooLarge(long limitBytes) {
            this(limitBytes, 0, "image larger than " + limitBytes + " bytes");
        }

        private ImageTooLarge(long limitBytes, long limitPixels, String message) {
            super(Category.USER, message, null);
            this.limitBytes = limitBytes;
            this.limitPixels = limitPixels;
        }

        /** An image of more pixels than {@code limitPixels}, whatever its encoded size. */
        public static ImageTooLarge pixels(long limitPixels) {
            return new ImageTooLarge(0, limitPixels, "image of more than " + limitPixels + " pixels");
        }

        /** The byte limit exceeded, or 0 when the limit is on pixels. */
        public long limitBytes() {
            return limitBytes;
        }

        /** The pixel limit exceeded, or 0 when the limit is on bytes. */
        public long limitPixels() {
            return limitPixels;
        }

        public boolean overPixelLimit() {
            return limitPixels > 0;
        }
    }

    /** A remote image could not be fetched. */
    public static final class DownloadFailed extends FaceException {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        /** Why a download failed, so that each dialect can name it in its own words. */
        public enum Reason {
            /** Not an absolute http(s) URL, or one with credentials in it. */
            BAD_URL,
            /** The host resolves to a loopback, link-local, private or otherwise unroutable address. */
            BLOCKED,
            /** Connecting or reading took longer than allowed. */
            TIMEOUT,
            /** The server answered with a status other than 200. */
            HTTP_STATUS,
            /** The connection failed or broke off. */
            NETWORK
        }

        public DownloadFailed(String message, Reason reason, Throwable cause) {
            super(Category.EXTERNAL, message, cause);
            this.reason = java.util.Objects.requireNonNull(reason, "reason is null");
        }

        public DownloadFailed(String message, boolean timedOut, Throwable cause) {
            this(message, timedOut ? Reason.TIMEOUT : Reason.NETWORK, cause);
        }

        public Reason reason() {
            return reason;
        }

        public boolean timedOut() {
            return reason == Reason.TIMEOUT;
        }
    }

    public static final class Unauthorized extends FaceException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String message) {
            super(Category.USER, message, null);
        }
    }

    public static final class RateLimited extends FaceException {
        private static final long serialVersionUID = 1L;

        public RateLimited(String message) {
            super(Category.RESOURCE, message, null);
        }
    }

    /** A backend the request needs (the database, a remote engine) cannot be reached right now. */
    public static final class BackendUnavailable extends FaceException {
        private static final long serialVersionUID = 1L;

        public BackendUnavailable(String message, Throwable cause) {
            super(Category.EXTERNAL, message, cause);
        }
    }

    /** The engine behind this route cannot express the operation. */
    public static final class Unsupported extends FaceException {
        private static final long serialVersionUID = 1L;

        public Unsupported(String message) {
            super(Category.USER, message, null);
        }
    }

    public static final class Internal extends FaceException {
        private static final long serialVersionUID = 1L;

        public Internal(String message, Throwable cause) {
            super(Category.INTERNAL, message, cause);
        }
    }
}
