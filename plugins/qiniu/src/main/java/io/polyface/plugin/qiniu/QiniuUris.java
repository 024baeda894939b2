package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.ImageFetcher;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Qiniu's resource URIs (the document's "基本语义说明"): {@code http://} and {@code https://} URLs,
 * fetched through the gateway's {@link ImageFetcher} (timeouts, size limit, private addresses
 * blocked), and data URIs ({@code data:application/octet-stream;base64,...}, or any media type,
 * base64 or percent-encoded). Anything else is refused with its own message.
 */
final class QiniuUris {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ImageFetcher fetcher;
    private final Duration timeout;
    private final long maxBytes;

    /**
     * @param maxBytes the largest decoded data URI accepted (downloads have the fetcher's own limit)
     */
    QiniuUris(ImageFetcher fetcher, Duration timeout, long maxBytes) {
        this.fetcher = requireNonNull(fetcher, "fetcher is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.maxBytes = maxBytes;
    }

    /** The bytes a URI names. */
    byte[] resolve(String field, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new FaceException.InvalidArgument(field, field + " is required");
        }
        String lower = uri.substring(0, Math.min(uri.length(), 8)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetcher.fetch(uri, timeout);
        }
        if (lower.startsWith("data:")) {
            return data(field, uri);
        }
        int colon = uri.indexOf(':');
        String scheme = colon > 0 && colon < 16 ? uri.substring(0, colon) : "";
        throw new FaceException.InvalidArgument(field, scheme.isEmpty()
                ? field + " is not a URI: use http://, https:// or data:...;base64,..."
                : field + " has the unsupported scheme '" + scheme + "': use http://, https:// or data:...;base64,...");
    }

    private byte[] data(String field, String uri) {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw new FaceException.InvalidArgument(field, field + " is a data URI without a ',' before its data");
        }
        String meta = uri.substring("data:".length(), comma).toLowerCase(Locale.ROOT);
        String payload = uri.substring(comma + 1);
        // Over the limit before decoding already: base64 is 4/3 of the bytes, percent-encoding up to 3x.
        if (payload.length() / 4 * 3 > maxBytes) {
            throw new FaceException.ImageTooLarge(maxBytes);
        }
        byte[] bytes;
        if (meta.endsWith(";base64")) {
            String text = WHITESPACE.matcher(payload).replaceAll("").replace('-', '+').replace('_', '/');
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new FaceException.InvalidArgument(field, field + " is a data URI whose base64 data is not valid");
            }
        } else {
            bytes = percentDecode(field, payload);
        }
        if (bytes.length == 0) {
            throw new FaceException.InvalidArgument(field, field + " is a data URI with no data");
        }
        if (bytes.length > maxBytes) {
            throw new FaceException.ImageTooLarge(maxBytes);
        }
        return bytes;
    }

    private static byte[] percentDecode(String field, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new FaceException.InvalidArgument(field, field + " is a data URI with a broken %-escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new FaceException.InvalidArgument(field, field + " is a data URI with a broken %-escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                throw new FaceException.InvalidArgument(field, field + " is a data URI with characters outside ASCII");
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
