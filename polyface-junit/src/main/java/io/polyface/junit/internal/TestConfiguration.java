package io.polyface.junit.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.junit.PolyfaceServer.QiniuKey;
import io.polyface.junit.PolyfaceServer.SensetimeAccount;
import io.polyface.spi.dialect.DialectProvider;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.random.RandomGenerator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The configuration a test's gateway starts with: the test's own file, if any, with what the
 * extension adds where the file is silent: the dialects asked for, a Qiniu key and a SenseTime
 * account (generated, so that signed requests work out of the box), loopback image hosts (a test
 * may serve its photos over HTTP on 127.0.0.1), own ports if asked, and no file watching.
 *
 * @param yaml the merged configuration file's text
 * @param qiniuKey the key a Qiniu client signs with, when Qiniu is served
 * @param sensetimeAccount the account a SenseTime client sends, when SenseTime is served
 */
public record TestConfiguration(String yaml, Optional<QiniuKey> qiniuKey, Optional<SensetimeAccount> sensetimeAccount) {
    /** What the gateway serves when neither the test nor its file names dialects: every dialect on the class path. */
    static List<String> everyDialect() {
        return ServiceLoader.load(DialectProvider.class).stream().map(provider -> provider.get().id()).sorted().toList();
    }

    public TestConfiguration {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(qiniuKey, "qiniuKey is null");
        requireNonNull(sensetimeAccount, "sensetimeAccount is null");
    }

    /**
     * @param fileText the test's configuration file, if it has one
     * @param dialects the dialects asked for; empty keeps the file's (or every dialect found)
     * @throws IllegalArgumentException if the file is not a YAML mapping, or its keys or accounts are malformed
     */
    public static TestConfiguration of(Optional<String> fileText, List<String> dialects, boolean ownPorts, RandomGenerator random) {
        Map<String, Object> root = parse(fileText);
        Map<String, Object> dialectsNode = child(root, "dialects");
        if (!dialects.isEmpty()) {
            dialectsNode.put("enabled", List.copyOf(dialects));
        }
        List<String> enabled = dialectsNode.get("enabled") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : everyDialect();
        Optional<QiniuKey> qiniuKey = Optional.empty();
        if (enabled.contains("qiniu")) {
            Map<String, Object> first = firstOrGenerated(child(dialectsNode, "qiniu"), "keys", "dialects.qiniu.keys",
                    () -> Map.of("access-key", "polyface-test-ak-" + hex(random, 8), "secret-key", hex(random, 20)));
            qiniuKey = Optional.of(new QiniuKey(text(first, "access-key", "dialects.qiniu.keys"),
                    text(first, "secret-key", "dialects.qiniu.keys")));
        }
        Optional<SensetimeAccount> account = Optional.empty();
        if (enabled.contains("sensetime")) {
            Map<String, Object> first = firstOrGenerated(child(dialectsNode, "sensetime"), "accounts",
                    "dialects.sensetime.accounts", () -> Map.of("api-id", hex(random, 16), "api-secret", hex(random, 16)));
            account = Optional.of(new SensetimeAccount(text(first, "api-id", "dialects.sensetime.accounts"),
                    text(first, "api-secret", "dialects.sensetime.accounts")));
        }
        if (ownPorts) {
            enabled.forEach(id -> child(dialectsNode, id).putIfAbsent("port", 0));
        }
        child(root, "fetch").putIfAbsent("allow-hosts", List.of("127.0.0.1", "localhost"));
        // What the client sent, for a failing test to show: GET /admin/requests.
        child(root, "journal").putIfAbsent("size", 200);
        // The file lives in the test's temporary directory; nobody edits it while the test runs.
        child(root, "routing").putIfAbsent("reload", false);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(root);
        return new TestConfiguration(yaml, qiniuKey, account);
    }

    private static Map<String, Object> parse(Optional<String> fileText) {
        if (fileText.isEmpty() || fileText.get().isBlank()) {
            return new LinkedHashMap<>();
        }
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(fileText.get());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("the Polyface configuration is not valid YAML: " + e.getMessage(), e);
        }
        if (loaded == null) {
            return new LinkedHashMap<>();
        }
        return mapping(loaded, "the Polyface configuration");
    }

    /** The mapping under {@code key}, made (and put) when absent. */
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            Map<String, Object> made = new LinkedHashMap<>();
            parent.put(key, made);
            return made;
        }
        Map<String, Object> copy = mapping(value, key);
        parent.put(key, copy);
        return copy;
    }

    private static Map<String, Object> firstOrGenerated(Map<String, Object> dialect, String key, String where,
            java.util.function.Supplier<Map<String, Object>> generate) {
        Object given = dialect.get(key);
        if (given instanceof List<?> list && !list.isEmpty()) {
            return mapping(list.getFirst(), where + "[0]");
        }
        if (given != null && !(given instanceof List<?>)) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        Map<String, Object> generated = new LinkedHashMap<>(generate.get());
        List<Object> list = new ArrayList<>();
        list.add(generated);
        dialect.put(key, list);
        return generated;
    }

    private static Map<String, Object> mapping(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping, not " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String text(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(where + "[0] has no " + key);
        }
        return String.valueOf(value);
    }

    private static String hex(RandomGenerator random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
