package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Qiniu's request signatures, as Qiniu's official SDKs make them, and says which tenant a
 * request acts for: the access key's.
 *
 * <ul>
 *   <li>{@code Authorization: Qiniu <AccessKey>:<Sign>}: HMAC-SHA1 with the secret key over
 *       {@code METHOD path[?query]\nHost: host\n}, then {@code Content-Type: ...\n} when the
 *       request has one, then the {@code X-Qiniu-*} headers sorted by name, then {@code \n}, then
 *       the body unless the content type is absent or {@code application/octet-stream}; URL-safe
 *       base64 with padding. An {@code X-Qiniu-Date} header, which the SDKs add, must be within
 *       {@code max-clock-skew} of the server's clock; with {@code require-date} it must be there.
 *   <li>{@code Authorization: QBox <AccessKey>:<Sign>}, the legacy form (unless {@code accept-qbox}
 *       is off, or {@code require-date} is on: it cannot carry a date): over {@code
 *       path[?query]\n}, then the body only for {@code application/x-www-form-urlencoded}.
 *   <li>{@code Authorization: QiniuStub uid=<n>&ut=<n>}, which Qiniu's internal services send
 *       unsigned: accepted only when {@code trust-qiniu-stub} is on; the tenant is {@code uid-<n>}.
 * </ul>
 *
 * <p>A signed request whose non-empty body the signature does not cover (no Content-Type, {@code
 * application/octet-stream}, or any JSON under QBox) is refused: the handlers would read a body
 * anyone on the way could have replaced. The path and query are those the client requested, mount
 * prefix included ({@link DialectRequest#rawTarget()}). Signatures are compared in constant time;
 * secrets and signatures never appear in messages or logs. With no keys configured every request,
 * and any body, is accepted for the default tenant. Immutable and thread-safe.
 */
final class QiniuAuth {
    private static final Pattern QINIU = Pattern.compile("(Qiniu|QBox) ([^:\\s]+):(\\S+)");
    private static final Pattern STUB = Pattern.compile("QiniuStub (.+)");
    private static final DateTimeFormatter X_QINIU_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final String X_QINIU = "X-Qiniu-";

    /**
     * What a signed request must show besides a valid signature.
     *
     * @param trustStub accept {@code QiniuStub} unsigned ({@code trust-qiniu-stub}, default off)
     * @param acceptQbox accept the legacy {@code QBox} form ({@code accept-qbox}, default on: the
     *     SDKs still sign some calls with it)
     * @param requireDate refuse a {@code Qiniu} signature without {@code X-Qiniu-Date}, and every
     *     {@code QBox} one ({@code require-date}, default off: SDKs send the date only in their newer
     *     versions and can be told not to)
     * @param maxClockSkew how far a signed {@code X-Qiniu-Date} may be from the server's clock
     */
    record Rules(boolean trustStub, boolean acceptQbox, boolean requireDate, Duration maxClockSkew) {
        Rules {
            requireNonNull(maxClockSkew, "maxClockSkew is null");
            if (maxClockSkew.isNegative()) {
                throw new IllegalArgumentException("maxClockSkew is negative");
            }
        }
    }

    private final Map<String, byte[]> secrets;
    private final Rules rules;
    private final Clock clock;
    private final String openTenant;

    QiniuAuth(Map<String, byte[]> secrets, Rules rules, Clock clock, String openTenant) {
        this.secrets = Map.copyOf(requireNonNull(secrets, "secrets is null"));
        this.rules = requireNonNull(rules, "rules is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.openTenant = requireNonNull(openTenant, "openTenant is null");
    }

    /**
     * Reads {@code keys.<i>.access-key} / {@code keys.<i>.secret-key}, {@code trust-qiniu-stub},
     * {@code accept-qbox}, {@code require-date} and {@code max-clock-skew} (seconds, or an ISO-8601
     * duration) from the dialect's settings.
     *
     * @throws IllegalArgumentException if a key is incomplete or named twice, or a setting is not
     *     a boolean or a duration where one is expected
     */
    static QiniuAuth fromSettings(Map<String, String> settings, Clock clock, String openTenant) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        for (int i = 0; settings.containsKey("keys." + i + ".access-key") || settings.containsKey("keys." + i + ".secret-key"); i++) {
            String access = settings.getOrDefault("keys." + i + ".access-key", "").strip();
            String secret = settings.getOrDefault("keys." + i + ".secret-key", "");
            if (access.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException("dialects.qiniu.keys[" + i + "] needs both access-key and secret-key");
            }
            if (secrets.put(access, secret.getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("dialects.qiniu.keys names the access key " + access + " twice");
            }
        }
        Rules rules = new Rules(flag(settings, "trust-qiniu-stub", false), flag(settings, "accept-qbox", true),
                flag(settings, "require-date", false), duration(settings, "max-clock-skew", "900"));
        return new QiniuAuth(secrets, rules, clock, openTenant);
    }

    private static boolean flag(Map<String, String> settings, String key, boolean fallback) {
        String value = settings.getOrDefault(key, Boolean.toString(fallback)).strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("dialects.qiniu." + key + " must be true or false, not '" + value + "'");
        };
    }

    private static Duration duration(Map<String, String> settings, String key, String fallback) {
        String value = settings.getOrDefault(key, fallback).strip();
        try {
            Duration parsed = value.startsWith("P") || value.startsWith("p") ? Duration.parse(value) : Duration.ofSeconds(Long.parseLong(value));
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // Reported below with the key's name.
        }
        throw new IllegalArgumentException("dialects.qiniu." + key + " must be whole seconds or an ISO-8601 duration"
                + " of at least 0, not '" + value + "'");
    }

    /** True when no key is configured: every request is accepted unsigned. */
    boolean open() {
        return secrets.isEmpty();
    }

    boolean trustsStub() {
        return rules.trustStub();
    }

    List<String> accessKeys() {
        return List.copyOf(secrets.keySet());
    }

    /**
     * The tenant the request acts for.
     *
     * @throws FaceException.Unauthorized when it is not signed with a configured key
     */
    String tenant(DialectRequest request) {
        Optional<String> header = request.header("Authorization").map(String::strip);
        if (rules.trustStub() && header.isPresent() && header.get().startsWith("QiniuStub ")) {
            return stubTenant(header.get());
        }
        if (open()) {
            return openTenant;
        }
        if (header.isEmpty() || header.get().isEmpty()) {
            throw new FaceException.Unauthorized("no Authorization header: sign the request with 'Qiniu <AccessKey>:<Sign>'");
        }
        Matcher m = QINIU.matcher(header.get());
        if (!m.matches()) {
            throw new FaceException.Unauthorized(header.get().startsWith("QiniuStub ")
                    ? "QiniuStub authorization is not accepted by this server"
                    : "bad Authorization header: expected 'Qiniu <AccessKey>:<Sign>'");
        }
        boolean legacy = m.group(1).equals("QBox");
        if (legacy && !rules.acceptQbox()) {
            throw new FaceException.Unauthorized("QBox authorization is not accepted by this server: sign with 'Qiniu <AccessKey>:<Sign>'");
        }
        if (legacy && rules.requireDate()) {
            throw new FaceException.Unauthorized("a QBox signature cannot carry the X-Qiniu-Date this server requires:"
                    + " sign with 'Qiniu <AccessKey>:<Sign>' and X-Qiniu-Date");
        }
        String accessKey = m.group(2);
        byte[] secret = secrets.get(accessKey);
        if (secret == null) {
            throw new FaceException.Unauthorized("unknown access key");
        }
        Optional<byte[]> signedBody = legacy ? legacyBody(request) : body(request);
        byte[] given = m.group(3).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String data : legacy ? legacyStrings(request) : signingStrings(request)) {
            // Every candidate is computed and compared in full: the time taken does not say which matched.
            valid |= MessageDigest.isEqual(given, sign(secret, data, signedBody));
        }
        if (!valid) {
            throw new FaceException.Unauthorized("signature does not match the request");
        }
        if (signedBody.isEmpty() && request.body().length > 0) {
            // Valid for the path and headers, but the body could have been swapped on the way.
            throw new FaceException.Unauthorized(legacy
                    ? "the body is not covered by a QBox signature: sign with 'Qiniu <AccessKey>:<Sign>' and send it as application/json"
                    : "the body is not covered by the signature (no Content-Type, or application/octet-stream):"
                            + " send it as application/json and sign it");
        }
        if (!legacy) {
            checkDate(request);
        }
        return accessKey;
    }

    private String stubTenant(String header) {
        Matcher m = STUB.matcher(header);
        String uid = null;
        if (m.matches()) {
            for (String pair : m.group(1).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("uid") && kv[1].matches("[0-9]{1,20}")) {
                    uid = kv[1];
                }
            }
        }
        if (uid == null) {
            throw new FaceException.Unauthorized("bad QiniuStub authorization: expected 'QiniuStub uid=<n>&ut=<n>'");
        }
        return "uid-" + uid;
    }

    private void checkDate(DialectRequest request) {
        // The same values the signature covered (signingStrings signs the last of them).
        List<String> dates = request.headers().getOrDefault("X-Qiniu-Date", List.of());
        if (dates.isEmpty()) {
            if (rules.requireDate()) {
                throw new FaceException.Unauthorized("X-Qiniu-Date is required: add it and sign it with the request");
            }
            return;
        }
        if (dates.size() > 1) {
            throw new FaceException.Unauthorized("X-Qiniu-Date is given more than once");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(dates.getFirst().strip(), X_QINIU_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new FaceException.Unauthorized("X-Qiniu-Date is not yyyyMMddTHHmmssZ");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(rules.maxClockSkew()) > 0) {
            throw new FaceException.Unauthorized("X-Qiniu-Date is more than " + rules.maxClockSkew().toSeconds()
                    + " s away from the server's clock");
        }
    }

    /**
     * What a Qiniu-signed request may have been signed over: the SDKs sign the decoded path; the
     * raw one is tried too, as they are the same for every path this API has.
     */
    static List<String> signingStrings(DialectRequest request) {
        String rawPath = request.rawPath();
        List<String> paths = new ArrayList<>();
        paths.add(decodePath(rawPath));
        if (!paths.contains(rawPath)) {
            paths.add(rawPath);
        }
        String host = request.header("Host").orElse("");
        List<String> hosts = new ArrayList<>(List.of(host));
        if (!host.isEmpty() && !host.contains(":")) {
            // A client that wrote the default port in its URL signs it; its HTTP client leaves it out.
            hosts.add(host + ":80");
            hosts.add(host + ":443");
        }
        StringBuilder headers = new StringBuilder();
        request.header("Content-Type").ifPresent(ct -> headers.append("\nContent-Type: ").append(ct));
        List<Map.Entry<String, String>> qiniuHeaders = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String canonical = canonicalHeaderName(name);
            if (canonical.length() > X_QINIU.length() && canonical.startsWith(X_QINIU) && !values.isEmpty()) {
                qiniuHeaders.add(Map.entry(canonical, values.getLast()));
            }
        });
        qiniuHeaders.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        qiniuHeaders.forEach(h -> headers.append('\n').append(h.getKey()).append(": ").append(h.getValue()));
        String query = request.rawQuery().map(q -> "?" + q).orElse("");
        List<String> candidates = new ArrayList<>();
        for (String path : paths) {
            for (String h : hosts) {
                candidates.add(request.method() + " " + path + query + "\nHost: " + h + headers + "\n\n");
            }
        }
        return candidates;
    }

    private static Optional<byte[]> body(DialectRequest request) {
        Optional<String> contentType = request.header("Content-Type");
        if (request.body().length == 0 || contentType.isEmpty() || contentType.get().isEmpty()
                || contentType.get().equals("application/octet-stream")) {
            return Optional.empty();
        }
        return Optional.of(request.body());
    }

    private static List<String> legacyStrings(DialectRequest request) {
        return List.of(request.rawPath() + request.rawQuery().map(q -> "?" + q).orElse("") + "\n");
    }

    private static Optional<byte[]> legacyBody(DialectRequest request) {
        boolean form = request.contentType().filter(ct -> ct.equals("application/x-www-form-urlencoded")).isPresent();
        return form && request.body().length > 0 ? Optional.of(request.body()) : Optional.empty();
    }

    /** URL-safe base64 (with padding) of HMAC-SHA1 over the data and then the body. */
    static byte[] sign(byte[] secret, String data, Optional<byte[]> body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            mac.update(data.getBytes(StandardCharsets.UTF_8));
            body.ifPresent(mac::update);
            return Base64.getUrlEncoder().encode(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static String decodePath(String rawPath) {
        try {
            // URLDecoder turns '+' into a space, which a path does not mean.
            return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }

    /** Go's canonical MIME header key, as the SDKs write X-Qiniu-* names: {@code x-qiniu-date} -> {@code X-Qiniu-Date}. */
    static String canonicalHeaderName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
