package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Signs requests as Qiniu's SDKs do ({@code Authorization: Qiniu <AccessKey>:<Sign>}, the form
 * {@link QiniuAuth} verifies): HMAC-SHA1 with the secret key over {@code METHOD path[?query]}, {@code
 * \nHost: host[:port]}, {@code \nContent-Type: ...} when there is one, {@code \nX-Qiniu-Date: ...}
 * (which the SDKs add and sign), {@code \n\n}, then the body unless it has no content type or is
 * {@code application/octet-stream}; URL-safe base64 with padding. Immutable.
 */
final class QiniuSigner {
    static final DateTimeFormatter X_QINIU_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The headers a signed request carries. */
    record Signature(String authorization, String date) {
    }

    private final String accessKey;
    private final byte[] secretKey;

    QiniuSigner(String accessKey, String secretKey) {
        this.accessKey = requireNonNull(accessKey, "accessKey is null");
        this.secretKey = requireNonNull(secretKey, "secretKey is null").getBytes(StandardCharsets.UTF_8);
    }

    Signature sign(String method, URI uri, Optional<String> contentType, byte[] body, Instant now) {
        String date = X_QINIU_DATE.format(now);
        StringBuilder data = new StringBuilder();
        data.append(method).append(' ').append(uri.getPath());
        if (uri.getRawQuery() != null) {
            data.append('?').append(uri.getRawQuery());
        }
        data.append("\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            data.append(':').append(uri.getPort());
        }
        contentType.ifPresent(ct -> data.append("\nContent-Type: ").append(ct));
        data.append("\nX-Qiniu-Date: ").append(date);
        data.append("\n\n");
        boolean withBody = body.length > 0 && contentType.isPresent() && !contentType.get().equals("application/octet-stream");
        byte[] sign = QiniuAuth.sign(secretKey, data.toString(), withBody ? Optional.of(body) : Optional.empty());
        return new Signature("Qiniu " + accessKey + ":" + new String(sign, StandardCharsets.US_ASCII), date);
    }
}
