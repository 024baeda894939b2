package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The accounts of {@code dialects.sensetime.accounts}, and the check of an {@code api_id} /
 * {@code api_secret} pair against them. There are no default credentials: with no account
 * configured every call is refused.
 *
 * <p>Settings of account {@code N} (flattened): {@code accounts.N.api-id}, {@code
 * accounts.N.api-secret}, {@code accounts.N.expiration-date} (ISO 8601 date-time with offset, or a
 * date: the account then works to the end of that day, UTC), {@code accounts.N.rate-limit}
 * ({@code 50q/10s}), {@code accounts.N.quota.<name>} and {@code accounts.N.permissions.M}.
 * Immutable and thread-safe.
 */
final class SensetimeAccounts {
    private static final java.time.format.DateTimeFormatter JAVA_DATE =
            java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", java.util.Locale.US);

    private final Map<String, SensetimeAccount> byId;
    /** Compared against when the id is unknown, so that both paths hash and compare alike. */
    private final byte[] decoyDigest = digest("decoy-secret-never-matches");

    /** Why a pair was refused, or the account it names. */
    sealed interface Outcome {
        record Authenticated(SensetimeAccount account) implements Outcome {
        }

        record Refused(SensetimeFailure failure) implements Outcome {
        }
    }

    private SensetimeAccounts(Map<String, SensetimeAccount> byId) {
        this.byId = byId;
    }

    static SensetimeAccounts from(Map<String, String> settings, SensetimeRateLimit defaultRateLimit, SensetimeQuota defaultQuota) {
        Set<String> indexes = new TreeSet<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (String key : settings.keySet()) {
            if (key.startsWith("accounts.")) {
                String index = key.substring("accounts.".length()).split("\\.", 2)[0];
                if (!index.matches("\\d{1,6}")) {
                    throw new IllegalArgumentException("dialects.sensetime." + key + ": accounts must be a list");
                }
                indexes.add(index);
            }
        }
        Map<String, SensetimeAccount> accounts = new LinkedHashMap<>();
        for (String index : indexes) {
            String prefix = "accounts." + index + ".";
            String where = "dialects.sensetime." + prefix;
            String apiId = Optional.ofNullable(settings.get(prefix + "api-id")).map(String::strip).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException(where + "api-id is missing"));
            String secret = Optional.ofNullable(settings.get(prefix + "api-secret")).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException(where + "api-secret is missing for account " + apiId));
            Optional<OffsetDateTime> expiration = Optional.ofNullable(settings.get(prefix + "expiration-date"))
                    .map(v -> expiration(where + "expiration-date", v));
            SensetimeRateLimit rateLimit = Optional.ofNullable(settings.get(prefix + "rate-limit"))
                    .map(SensetimeRateLimit::parse).orElse(defaultRateLimit);
            SensetimeQuota quota = SensetimeQuota.from(settings, prefix + "quota.", defaultQuota);
            Set<String> permissions = new LinkedHashSet<>();
            settings.forEach((key, value) -> {
                if (key.startsWith(prefix + "permissions")) {
                    for (String p : value.split(",")) {
                        if (!p.isBlank()) {
                            permissions.add(p.strip());
                        }
                    }
                }
            });
            SensetimeAccount account = new SensetimeAccount(apiId, digest(secret), expiration, rateLimit, quota, permissions);
            if (accounts.putIfAbsent(apiId, account) != null) {
                throw new IllegalArgumentException("dialects.sensetime.accounts names the api-id " + apiId + " twice");
            }
        }
        return new SensetimeAccounts(Map.copyOf(accounts));
    }

    private static OffsetDateTime expiration(String key, String value) {
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value.strip()).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                try {
                    // An unquoted YAML timestamp reaches the dialect as java.util.Date#toString.
                    return java.time.ZonedDateTime.parse(value.strip(), JAVA_DATE).toOffsetDateTime();
                } catch (DateTimeParseException notJavaDate) {
                    throw new IllegalArgumentException(key + " is neither an ISO 8601 date-time with offset nor a date: " + value);
                }
            }
        }
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    int size() {
        return byId.size();
    }

    /** The api_ids, each also its account's tenant. */
    Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    /** Checks a pair; the secret comparison takes the same time whatever the secret. */
    Outcome authenticate(Optional<String> apiId, Optional<String> apiSecret, Instant now) {
        requireNonNull(now, "now is null");
        if (byId.isEmpty()) {
            return new Outcome.Refused(new SensetimeFailure(SensetimeStatus.UNAUTHORIZED,
                    "no account is configured on this server (dialects.sensetime.accounts)"));
        }
        if (apiId.isEmpty() || apiSecret.isEmpty()) {
            return new Outcome.Refused(new SensetimeFailure(SensetimeStatus.UNAUTHORIZED,
                    "api_id and api_secret are required"));
        }
        SensetimeAccount account = byId.get(apiId.get());
        byte[] given = digest(apiSecret.get());
        boolean matches = MessageDigest.isEqual(account == null ? decoyDigest : account.secretDigest(), given);
        if (account == null || !matches) {
            return new Outcome.Refused(new SensetimeFailure(SensetimeStatus.UNAUTHORIZED, "wrong api_id or api_secret"));
        }
        if (account.expiredAt(now)) {
            return new Outcome.Refused(new SensetimeFailure(SensetimeStatus.KEY_EXPIRED,
                    "the account expired at " + account.expiration().orElseThrow()));
        }
        return new Outcome.Authenticated(account);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
