package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * What {@link FaceEngine#eraseTenant} removed of one tenant.
 *
 * @param tenant the tenant erased
 * @param collections collections deleted
 * @param faces faces deleted with them
 * @param images stored images deleted (those faces were enrolled from, and those kept on their own)
 * @param records dialect records deleted
 * @param featureJobs feature jobs forgotten (a running one stops at its next face)
 */
public record ErasedTenant(String tenant, long collections, long faces, long images, long records, long featureJobs) {
    public ErasedTenant {
        requireNonNull(tenant, "tenant is null");
        if (collections < 0 || faces < 0 || images < 0 || records < 0 || featureJobs < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Whether the tenant held nothing. */
    public boolean empty() {
        return collections + faces + images + records + featureJobs == 0;
    }
}
