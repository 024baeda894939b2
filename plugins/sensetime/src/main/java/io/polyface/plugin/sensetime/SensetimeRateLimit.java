package io.polyface.plugin.sensetime;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit as {@code /info/api} writes it: {@code 50q/10s} is at most 50 calls in each window
 * of 10 seconds. Units: s, m, h, d.
 */
record SensetimeRateLimit(int queries, Duration window) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})q/(\\d{1,6})([smhd])");

    SensetimeRateLimit {
        if (queries < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one call: " + queries);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate-limit window must be positive: " + window);
        }
    }

    static SensetimeRateLimit parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("rate limit '" + text + "' is not of the form 50q/10s (units s, m, h, d)");
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new SensetimeRateLimit(Integer.parseInt(m.group(1)), window);
    }

    /** As {@code /info/api} shows it, in seconds: {@code 50q/10s}. */
    String text() {
        return queries + "q/" + window.toSeconds() + "s";
    }
}
