package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * One configured account: its {@code api_id} (also its tenant), the SHA-256 of its secret, and its
 * limits. The secret itself is not kept.
 *
 * @param expiration when the account stops working, with the offset it was configured in
 * @param permissions the APIs it may call ("/face/detection", or "/info/*" for a family); empty
 *     means every API
 */
record SensetimeAccount(
        String apiId,
        byte[] secretDigest,
        Optional<OffsetDateTime> expiration,
        SensetimeRateLimit rateLimit,
        SensetimeQuota quota,
        Set<String> permissions) {

    SensetimeAccount {
        requireNonNull(apiId, "apiId is null");
        requireNonNull(secretDigest, "secretDigest is null");
        requireNonNull(expiration, "expiration is null");
        requireNonNull(rateLimit, "rateLimit is null");
        requireNonNull(quota, "quota is null");
        permissions = Set.copyOf(requireNonNull(permissions, "permissions is null"));
    }

    boolean expiredAt(Instant now) {
        return expiration.isPresent() && !now.isBefore(expiration.get().toInstant());
    }

    boolean mayCall(String apiPath) {
        if (permissions.isEmpty()) {
            return true;
        }
        for (String permission : permissions) {
            if (permission.equals(apiPath)
                    || (permission.endsWith("/*") && apiPath.startsWith(permission.substring(0, permission.length() - 1)))
                    || permission.equals("*")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SensetimeAccount[" + apiId + "]"; // never the digest
    }
}
