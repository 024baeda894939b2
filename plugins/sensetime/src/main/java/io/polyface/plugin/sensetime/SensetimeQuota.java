package io.polyface.plugin.sensetime;

import java.util.Map;
import java.util.function.Function;

/**
 * An account's limits on what it may create, as {@code /info/api} shows them under {@code quota}.
 */
record SensetimeQuota(int groups, int persons, int facesets, int personsPerGroup, int facesPerPerson, int facesPerFaceset) {

    /** Generous limits for accounts whose configuration names none. */
    static final SensetimeQuota DEFAULT = new SensetimeQuota(100, 10_000, 100, 1_000, 100, 10_000);

    SensetimeQuota {
        if (groups < 0 || persons < 0 || facesets < 0 || personsPerGroup < 0 || facesPerPerson < 0 || facesPerFaceset < 0) {
            throw new IllegalArgumentException("quotas cannot be negative");
        }
    }

    /**
     * Reads {@code <prefix>groups}, {@code persons}, {@code facesets}, {@code persons-per-group},
     * {@code faces-per-person}, {@code faces-per-faceset} (underscores accepted too), each falling
     * back to {@code fallback}.
     */
    static SensetimeQuota from(Map<String, String> settings, String prefix, SensetimeQuota fallback) {
        Function<String, Integer> read = key -> {
            String value = settings.get(prefix + key);
            if (value == null) {
                value = settings.get(prefix + key.replace('-', '_'));
            }
            if (value == null) {
                return null;
            }
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(prefix + key + " is not a whole number: " + value);
            }
        };
        return new SensetimeQuota(
                or(read.apply("groups"), fallback.groups()),
                or(read.apply("persons"), fallback.persons()),
                or(read.apply("facesets"), fallback.facesets()),
                or(read.apply("persons-per-group"), fallback.personsPerGroup()),
                or(read.apply("faces-per-person"), fallback.facesPerPerson()),
                or(read.apply("faces-per-faceset"), fallback.facesPerFaceset()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
