package io.polyface.reliability;

import java.util.Arrays;
import java.util.Locale;

/** The areas of the attack suite, in the order a run goes through them. */
public enum Area {
    FUZZER("fuzzer"),
    SLOW_READER("slow reader"),
    CONNECTION_FLOOD("connection flood"),
    FULL_DISK("full disk"),
    KILL_9("kill -9"),
    MEMORY("memory");

    private final String title;

    Area(String title) {
        this.title = title;
    }

    /** The name in the summary table. */
    public String title() {
        return title;
    }

    /** The name on the command line: {@code fuzzer}, {@code slow-reader}, {@code flood}, {@code full-disk}, {@code kill-9}, {@code memory}. */
    public String option() {
        return switch (this) {
            case FUZZER -> "fuzzer";
            case SLOW_READER -> "slow-reader";
            case CONNECTION_FLOOD -> "flood";
            case FULL_DISK -> "full-disk";
            case KILL_9 -> "kill-9";
            case MEMORY -> "memory";
        };
    }

    public static Area fromOption(String option) {
        String wanted = option.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.option().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no area '" + option + "'; the areas are "
                        + Arrays.stream(values()).map(Area::option).toList()));
    }
}
