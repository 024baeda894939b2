package io.polyface.toolkit.settings;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.EngineContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a plugin's settings to a record whose components carry {@link Setting}: a plugin declares its
 * keys, types and defaults once, and reads typed values.
 *
 * <pre>{@code
 * record DmaiDialectSettings(
 *         @Setting(key = "max-collections", defaultValue = "30") int maxCollections,
 *         @Setting(key = "time-zone", defaultValue = "UTC") ZoneId zone) {}
 *
 * DmaiDialectSettings settings = Settings.bind(context.settings(), DmaiDialectSettings.class);
 * }</pre>
 *
 * <p>Components may be {@code int}, {@code long}, {@code double}, {@code float}, {@code boolean}, {@code String},
 * {@link Duration} ({@code 250ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, ISO-8601 such
 * as {@code PT10S}, or a bare number of {@link Setting#plainNumbers()}), {@link ZoneId}, {@link Path},
 * an enum (its constant's name in any case, dashes for underscores), a type with a static {@code
 * parse(String)}, and {@code Optional} or {@code List} of those. A list is written comma-separated or,
 * as the gateway flattens a YAML sequence, as {@code key.0}, {@code key.1}, ...
 *
 * <p>A bad or missing value throws {@link InvalidSettingException}, naming the key and the form
 * expected: {@code max-collections: expected a whole number, not 'lots'}. A record whose compact
 * constructor refuses the values throws what it throws.
 */
public final class Settings {
    private Settings() {
    }

    /**
     * The settings as {@code type}, each component read from its {@link Setting#key()}; errors name
     * the key as written in the section (a dialect's, which start-up names).
     */
    public static <R extends Record> R bind(Map<String, String> settings, Class<R> type) {
        return bind(settings, "", type);
    }

    /** A connector's settings as {@code type}; errors name the key in full: {@code engines.<engine>.<key>}. */
    public static <R extends Record> R bind(ConnectorContext context, Class<R> type) {
        return bind(context.settings(), "engines." + context.engineName() + ".", type);
    }

    /** An engine's settings as {@code type}; errors name the key in full: {@code engines.<engine>.<key>}. */
    public static <R extends Record> R bind(EngineContext context, Class<R> type) {
        return bind(context.settings(), "engines." + context.name() + ".", type);
    }

    private static <R extends Record> R bind(Map<String, String> settings, String section, Class<R> type) {
        requireNonNull(settings, "settings is null");
        requireNonNull(type, "type is null");
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                values[i] = value(settings, components[i], setting(components[i]));
            } catch (InvalidSettingException e) {
                throw section.isEmpty() ? e : e.inSection(section);
            }
        }
        return construct(type, components, values);
    }

    /** Every key of {@code type} that has a default, with that default as written: for comparing with a schema. */
    public static Map<String, String> defaults(Class<? extends Record> type) {
        requireNonNull(type, "type is null");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Setting setting = setting(component);
            if (!setting.defaultValue().equals(Setting.NO_DEFAULT)) {
                defaults.put(setting.key(), setting.defaultValue());
            }
        }
        return defaults;
    }

    private static Setting setting(RecordComponent component) {
        Setting setting = component.getAnnotation(Setting.class);
        if (setting == null) {
            throw new IllegalStateException(component.getDeclaringRecord().getName() + "." + component.getName()
                    + " has no @Setting naming its key");
        }
        return setting;
    }

    private static Object value(Map<String, String> settings, RecordComponent component, Setting setting) {
        String key = setting.key();
        Optional<String> written = Optional.ofNullable(settings.get(key));
        Optional<String> fallback = setting.defaultValue().equals(Setting.NO_DEFAULT)
                ? Optional.empty() : Optional.of(setting.defaultValue());
        Class<?> raw = component.getType();
        if (raw == Optional.class) {
            Class<?> element = typeArgument(component);
            return written.filter(v -> !v.isBlank()).or(() -> fallback.filter(v -> !v.isBlank()))
                    .map(v -> single(key, v, element, setting));
        }
        if (raw == List.class) {
            Class<?> element = typeArgument(component);
            List<String> items = written.map(Settings::commaSeparated)
                    .or(() -> indexed(settings, key))
                    .orElseGet(() -> fallback.map(Settings::commaSeparated).orElse(List.of()));
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(single(key, item, element, setting)));
            return List.copyOf(list);
        }
        String value = written.or(() -> fallback)
                .orElseThrow(() -> new InvalidSettingException(key, "required, and missing", null));
        return single(key, value, raw, setting);
    }

    private static Class<?> typeArgument(RecordComponent component) {
        if (component.getGenericType() instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw new IllegalStateException(component.getDeclaringRecord().getName() + "." + component.getName()
                + " needs a concrete type argument");
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code key.0}, {@code key.1}, ...: a YAML sequence as the gateway flattens it. */
    private static Optional<List<String>> indexed(Map<String, String> settings, String key) {
        List<String> items = new ArrayList<>();
        for (int i = 0; settings.containsKey(key + "." + i); i++) {
            items.add(settings.get(key + "." + i).strip());
        }
        return items.isEmpty() ? Optional.empty() : Optional.of(items);
    }

    private static Object single(String key, String value, Class<?> type, Setting setting) {
        String text = value.strip();
        if (type == String.class) {
            return value;
        }
        if (type == int.class || type == Integer.class) {
            return read(key, value, "a whole number", () -> Integer.parseInt(text));
        }
        if (type == long.class || type == Long.class) {
            return read(key, value, "a whole number", () -> Long.parseLong(text));
        }
        if (type == double.class || type == Double.class) {
            return read(key, value, "a number", () -> Double.parseDouble(text));
        }
        if (type == float.class || type == Float.class) {
            return read(key, value, "a number", () -> Float.parseFloat(text));
        }
        if (type == boolean.class || type == Boolean.class) {
            return read(key, value, "true or false", () -> bool(text));
        }
        if (type == Duration.class) {
            return read(key, value, "a duration such as 250ms, 10s, 2m or PT10S", () -> duration(text, setting.plainNumbers()));
        }
        if (type == ZoneId.class) {
            return read(key, value, "a time-zone id such as UTC or Asia/Shanghai", () -> ZoneId.of(text));
        }
        if (type == Path.class) {
            return read(key, value, "a file path", () -> Path.of(text));
        }
        if (type.isEnum()) {
            return constant(key, text, type);
        }
        return parsed(key, value, type, setting);
    }

    /** A reader of one form; what it throws on a bad value becomes an {@link InvalidSettingException}. */
    @FunctionalInterface
    private interface Reader {
        Object read();
    }

    private static Object read(String key, String value, String form, Reader reader) {
        try {
            return reader.read();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidSettingException(key, "expected " + form + ", not '" + value + "'", e);
        }
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static Duration duration(String text, ChronoUnit plainNumbers) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            return Duration.parse(lower.toUpperCase(Locale.ROOT));
        }
        if (lower.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
        }
        if (lower.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(lower.substring(0, lower.length() - 1)) * 1000));
        }
        if (lower.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
        }
        if (lower.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(lower.substring(0, lower.length() - 1)));
        }
        return Duration.of(Long.parseLong(lower), plainNumbers);
    }

    private static Object constant(String key, String text, Class<?> type) {
        String name = text.replace('-', '_');
        Object[] constants = type.getEnumConstants();
        for (Object constant : constants) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        String known = Arrays.stream(constants).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        throw new InvalidSettingException(key, "expected one of " + known + ", not '" + text + "'", null);
    }

    /** A type of the plugin's own, read by its static {@code parse(String)}. */
    private static Object parsed(String key, String value, Class<?> type, Setting setting) {
        Method parse;
        try {
            parse = type.getDeclaredMethod("parse", String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("settings of type " + type.getName() + " cannot be bound: it has no static parse(String)", e);
        }
        if (!Modifier.isStatic(parse.getModifiers()) || !type.isAssignableFrom(parse.getReturnType())) {
            throw new IllegalStateException(type.getName() + ".parse(String) must be static and return a " + type.getSimpleName());
        }
        parse.setAccessible(true);
        try {
            return parse.invoke(null, value);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof DateTimeException) {
                String problem = setting.form().isEmpty()
                        ? e.getCause().getMessage() : "expected " + setting.form() + ", not '" + value + "'";
                throw new InvalidSettingException(key, problem, e.getCause());
            }
            throw rethrown(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + type.getName() + ".parse(String)", e);
        }
    }

    private static <R extends Record> R construct(Class<R> type, RecordComponent[] components, Object[] values) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw rethrown(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** What a constructor or parser threw, unwrapped: a record's own check keeps its exception. */
    private static RuntimeException rethrown(InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause());
    }
}
