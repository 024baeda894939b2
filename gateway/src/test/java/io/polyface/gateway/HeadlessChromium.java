package io.polyface.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol: one page that tests navigate,
 * wait on (a JavaScript condition becoming true), read (the DOM, any expression) and photograph.
 * Waiting on the page's own state, not a fixed time budget, keeps tests quick and not flaky.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final List<String> consoleMessages = java.util.Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The binary, or a failure that says how to install it. */
    static Path binary() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("Headless Chromium is needed for the console's browser tests but no 'chromium' is on the"
                + " PATH. Install Debian's package: apt-get update && apt-get install -y chromium (.ci/run does).");
    }

    /** Starts Chromium with a fresh profile and a viewport of the given size. */
    static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("polyface-chromium");
        Process process = new ProcessBuilder(binary().toString(),
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI browser = devToolsAddress(process);
            URI page = pageTarget(browser);
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(page, listener)
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
            listener.owner = chromium;
            chromium.call("Page.enable", JSON.createObjectNode());
            chromium.call("Runtime.enable", JSON.createObjectNode());
            chromium.call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode()
                    .put("width", width).put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
            return chromium;
        } catch (IOException | InterruptedException | RuntimeException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("Chromium did not start: " + e.getMessage(), e);
        }
    }

    /** Loads a page and waits until its document has loaded. */
    void navigate(String url) {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression (awaited when it is a promise). */
    JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until a JavaScript condition holds; fails with the page's console output when it never does. */
    void waitFor(String condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the page never met " + condition + " within " + timeout + "; its console said: " + consoleMessages);
    }

    /** The page's DOM as it is now, as --dump-dom prints it. */
    String dom() {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    /** What the page logged and threw so far. */
    List<String> consoleMessages() {
        return List.copyOf(consoleMessages);
    }

    /** A PNG of the viewport. */
    Path screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        return file;
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(method + " got no answer from Chromium", e);
        } finally {
            calls.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                Optional.ofNullable(calls.get(message.get("id").asInt())).ifPresent(f -> f.complete(message));
            } else if ("Runtime.consoleAPICalled".equals(message.path("method").asText())) {
                consoleMessages.add(message.path("params").path("type").asText() + ": "
                        + message.path("params").path("args").findValuesAsText("value"));
            } else if ("Runtime.exceptionThrown".equals(message.path("method").asText())) {
                consoleMessages.add("exception: " + message.path("params").path("exceptionDetails")
                        .path("exception").path("description").asText());
            }
        } catch (IOException e) {
            consoleMessages.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // The browser is stopped below whatever the socket says.
        }
        // The browser's helper processes (renderer, network, GPU) write to the profile too: stop them all.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroyForcibly();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // A helper that will not stop leaves files behind at worst; the deletion below tolerates that.
        }
        deleteProfile();
    }

    /** Deletes the profile; a file that a late browser process removed first is no reason to fail. */
    private void deleteProfile() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Reads Chromium's standard error until it names its DevTools address. */
    private static URI devToolsAddress(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // Keep draining its output so that the browser never blocks on a full pipe.
                Thread.ofVirtual().start(() -> {
                    try {
                        err.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // The browser has stopped.
                    }
                });
                return URI.create(m.group(1));
            }
            seen.add(line);
        }
        throw new IOException("Chromium exited without a DevTools address: " + String.join("\n", seen));
    }

    /** The DevTools socket of the page Chromium opened. */
    private static URI pageTarget(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(list).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(response.body())) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.path("webSocketDebuggerUrl").asText());
            }
        }
        throw new IOException("Chromium lists no page: " + response.body());
    }

    /** Gathers the frames of each message; DevTools answers can be larger than one frame. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                HeadlessChromium o = owner;
                if (o != null) {
                    o.received(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
