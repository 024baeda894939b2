package io.polyface.reliability;

import static io.polyface.reliability.GatewayClient.map;
import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.Dialect;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durability under {@code kill -9}: writers enrol faces (FacePass face/add, DM-AI insert) into a
 * gateway process and record each acknowledged write; the process is killed with SIGKILL at a
 * random moment, started again on the same data directory, and every write acknowledged so far must
 * be there. Repeated {@code kills} times.
 */
public final class KillNine {
    private static final String COLLECTION = "durable";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** How long writers run after the round's first acknowledgement before the kill: at random between these. */
    private static final Duration LEAST_WRITING = Duration.ofMillis(1000);
    private static final Duration MOST_WRITING = Duration.ofMillis(6000);
    /** How long a round waits for its first acknowledged write before the clock to the kill starts anyway. */
    private static final Duration FIRST_WRITE_LIMIT = Duration.ofSeconds(60);

    private final Path work;
    private final Photos photos;
    private final Credentials credentials;
    private final int kills;
    private final long seed;

    public KillNine(Path work, Photos photos, Credentials credentials, int kills, long seed) {
        this.work = requireNonNull(work, "work is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.kills = kills;
        this.seed = seed;
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.KILL_9);
        Path config = credentials.writeConfig(work);
        Path data = work.resolve("data");
        Random random = new Random(seed);
        Enrolments enrolments = new Enrolments(photos);
        AtomicInteger inDoubt = new AtomicInteger();
        GatewayProcess gateway = GatewayProcess.start("kill-9-0", config, data);
        try {
            GatewayClient client = new GatewayClient(gateway.address(), credentials, DEADLINE);
            client.post(Dialect.DMAI, Enrolments.DMAI + "/create/collection", map("collection_name", COLLECTION));
            for (int round = 1; round <= kills; round++) {
                long writing = LEAST_WRITING.toMillis() + random.nextLong(MOST_WRITING.toMillis() - LEAST_WRITING.toMillis());
                int before = enrolments.acknowledgedFaces() + enrolments.acknowledgedInserts();
                write(client, enrolments, round, Duration.ofMillis(writing), gateway, inDoubt);
                int acknowledged = enrolments.acknowledgedFaces() + enrolments.acknowledgedInserts() - before;
                // A round without an acknowledged write would prove nothing.
                checks.check(acknowledged > 0, "round " + round + ": no write was acknowledged before the kill");
                gateway = GatewayProcess.start("kill-9-" + round, config, data);
                client = new GatewayClient(gateway.address(), credentials, DEADLINE);
                checks.pass();
                List<String> missing = enrolments.missingFaces(client);
                checks.check(missing.isEmpty(), "after kill " + round + ": " + missing.size() + " of " + enrolments.acknowledgedFaces()
                        + " acknowledged FacePass faces are missing, e.g. " + missing.stream().limit(3).toList());
                long count = Enrolments.dmaiCount(client, COLLECTION);
                checks.check(count >= enrolments.acknowledgedInserts(), "after kill " + round + ": DM-AI counts " + count
                        + " faces, but " + enrolments.acknowledgedInserts() + " inserts were acknowledged");
            }
            checks.note(String.format("%d kills; %d FacePass faces and %d DM-AI inserts acknowledged in all; "
                    + "%d writes cut off by a kill (in doubt, not counted)", kills, enrolments.acknowledgedFaces(),
                    enrolments.acknowledgedInserts(), inDoubt.get()));
        } catch (IllegalStateException | UncheckedIOException e) {
            checks.fail("the kill -9 run stopped: " + e.getMessage());
        } finally {
            gateway.close();
        }
        return checks.result();
    }

    /** Two writers, one per dialect, for the given time; then SIGKILL while they still write. */
    private void write(GatewayClient client, Enrolments enrolments, int round, Duration writing, GatewayProcess gateway,
            AtomicInteger inDoubt) {
        AtomicBoolean killed = new AtomicBoolean();
        Thread facepass = Thread.ofPlatform().name("kill-9-facepass").start(() -> {
            for (int n = 0; !killed.get(); n++) {
                try {
                    enrolments.addFace(client, n);
                } catch (UncheckedIOException e) {
                    inDoubt.incrementAndGet();
                    return;
                }
            }
        });
        Thread dmai = Thread.ofPlatform().name("kill-9-dmai").start(() -> {
            for (int n = 0; !killed.get(); n++) {
                try {
                    enrolments.insert(client, COLLECTION, "r" + round + "-" + n, n);
                } catch (UncheckedIOException e) {
                    inDoubt.incrementAndGet();
                    return;
                }
            }
        });
        // The kill comes at a random moment while writes are being acknowledged: the clock starts
        // at the round's first acknowledgement (a restarted gateway's first analyses are slow).
        int before = enrolments.acknowledgedFaces() + enrolments.acknowledgedInserts();
        long waiting = System.nanoTime();
        while (enrolments.acknowledgedFaces() + enrolments.acknowledgedInserts() == before
                && System.nanoTime() - waiting < FIRST_WRITE_LIMIT.toNanos() && facepass.isAlive()) {
            Pause.sleep(Duration.ofMillis(20));
        }
        Pause.sleep(writing);
        gateway.kill9();
        killed.set(true);
        join(facepass);
        join(dmai);
    }

    private static void join(Thread thread) {
        try {
            thread.join(DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
