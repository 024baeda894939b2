package io.polyface.toolkit.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * Which key of a plugin's settings a record component holds, and what it holds when the key is absent.
 *
 * <p>A component without a default is required, unless it is an {@code Optional} (absent or blank:
 * empty) or a {@code List} (absent: empty). The default is written as the configuration would write
 * it, so that it can be compared with the plugin's settings schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
    /** Written as {@link #defaultValue()} when a key has no default. */
    String NO_DEFAULT = "\u0000no default";

    /** The key below the plugin's section, dotted and in lower case with dashes: {@code score.center}. */
    String key();

    /** The value when the key is absent, in the configuration's form: {@code 30}, {@code 10s}, {@code UTC}. */
    String defaultValue() default NO_DEFAULT;

    /** The unit of a duration written as a bare number: {@code 200} means 200 of these. */
    ChronoUnit plainNumbers() default ChronoUnit.MILLIS;

    /**
     * The expected form, for error messages of a type read by its own static {@code parse(String)}:
     * {@code calls per window such as 50q/10s}. Empty: the parser's own message.
     */
    String form() default "";
}
