package io.polyface.reliability;

import static io.polyface.reliability.GatewayClient.map;
import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.Dialect;
import io.polyface.reliability.fuzz.FuzzRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The slow reader: a large answer (a Qiniu image group's listing, each image carrying a {@code
 * desc} of 64,000 bytes, the dialect allowing 65,536 characters, so 160 images make a 10 MB answer) read over a socket with a small receive
 * buffer at a throttled rate. The body must arrive whole, of the announced length, and other
 * clients must be served meanwhile.
 */
public final class SlowReader {
    private static final String GROUP = "slowreader";
    private static final int DESC_BYTES = 64_000;
    private static final int RECEIVE_BUFFER = 16 << 10;
    private static final int CHUNK = 4 << 10;
    /** Probes of other clients while the slow reader reads. */
    private static final int PROBES = 3;

    private final GatewayClient client;
    private final Photos photos;
    private final long minBytes;
    private final int bytesPerSecond;

    public SlowReader(GatewayClient client, Photos photos, long minBytes, int bytesPerSecond) {
        this.client = requireNonNull(client, "client is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.minBytes = minBytes;
        this.bytesPerSecond = bytesPerSecond;
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.SLOW_READER);
        int images = (int) (minBytes / DESC_BYTES) + 1;
        if (!fill(images, checks)) {
            return checks.result();
        }
        Duration expected = Duration.ofMillis(images * (long) DESC_BYTES * 1000 / bytesPerSecond);
        Duration deadline = expected.multipliedBy(3).plusSeconds(60);
        FuzzRequest list = new FuzzRequest("GET", "/v1/image/groups/" + GROUP + "/images",
                List.of(new FuzzRequest.Field("limit", "1000")), new FuzzRequest.Body.None(), "slow reader");
        byte[] request = client.credentials().wire(Dialect.QINIU, list, client.address());
        long started = System.nanoTime();
        CompletableFuture<RawHttp.Response> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.exchange(client.address(), Optional.empty(), request, deadline, RECEIVE_BUFFER,
                        in -> new Throttled(in, bytesPerSecond));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        probeWhileReading(reading, expected, checks);
        try {
            RawHttp.Response response = reading.get();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            var body = GatewayClient.parse(response.body());
            boolean whole = response.status() == 200 && body.path("images").size() == images
                    && response.header("content-length").map(l -> Long.parseLong(l) == response.body().length).orElse(true);
            checks.check(whole, "the slow reader's answer is not whole: HTTP " + response.status() + ", " + response.body().length
                    + " bytes, " + body.path("images").size() + " of " + images + " images");
            checks.note(String.format("read %,d bytes at %,d B/s in %d s (%d images of 64 kB desc)", response.body().length,
                    bytesPerSecond, took.toSeconds(), images));
        } catch (ExecutionException e) {
            checks.fail("the slow reader got no whole answer after " + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                    + " s: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.fail("interrupted");
        }
        client.postEmpty(Dialect.QINIU, "/v1/image/groups/" + GROUP + "/remove");
        return checks.result();
    }

    /** Makes the group and its images; false (with a failed check) when the gateway refuses. */
    private boolean fill(int images, Checks checks) {
        try {
            client.postEmpty(Dialect.QINIU, "/v1/image/groups/" + GROUP + "/remove");
            GatewayClient.Answer created = client.post(Dialect.QINIU, "/v1/image/groups/" + GROUP, map("config", map("capacity", 1000)));
            if (created.status() != 200) {
                return checks.fail("creating the Qiniu image group for the slow reader: " + created);
            }
            String uri = Photos.dataUri(photos.face(0));
            String pad = "x".repeat(DESC_BYTES);
            for (int i = 0; i < images; i++) {
                GatewayClient.Answer added = client.post(Dialect.QINIU, "/v1/image/groups/" + GROUP + "/add",
                        map("image", map("id", "large" + i, "uri", uri, "desc", map("pad", pad))));
                if (added.status() != 200) {
                    return checks.fail("adding image " + i + " of the slow reader's group: " + added);
                }
            }
            return true;
        } catch (UncheckedIOException e) {
            return checks.fail("setting up the slow reader: " + e.getMessage());
        }
    }

    /** Other clients' requests while the slow reader reads: each must be answered within 5 s. */
    private void probeWhileReading(CompletableFuture<RawHttp.Response> reading, Duration expected, Checks checks) {
        for (int i = 0; i < PROBES; i++) {
            Pause.sleep(expected.dividedBy(PROBES + 1));
            if (reading.isDone()) {
                checks.note("probe " + (i + 1) + " not sent: the read had ended");
                continue;
            }
            byte[] version = RawHttp.request("GET", "/dmai/api/v1/engine/recocomp/version", client.address(), Map.of(),
                    new byte[0]);
            try {
                RawHttp.Response answer = RawHttp.exchange(client.address(), Optional.empty(), version, Duration.ofSeconds(5));
                checks.check(answer.status() == 200, "another client got HTTP " + answer.status() + " while the slow reader read");
            } catch (IOException e) {
                checks.fail("another client was not served while the slow reader read: " + e.getMessage());
            }
        }
    }

    /** Reads at most {@code bytesPerSecond} on average, a few KB at a time. */
    static final class Throttled extends FilterInputStream {
        private final int bytesPerSecond;
        private final long started = System.nanoTime();
        private long count;

        Throttled(InputStream in, int bytesPerSecond) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                pace(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, Math.min(length, CHUNK));
            if (n > 0) {
                pace(n);
            }
            return n;
        }

        private void pace(int n) throws IOException {
            count += n;
            long due = started + count * 1_000_000_000L / bytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                try {
                    Thread.sleep(wait / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading slowly");
                }
            }
        }
    }
}
