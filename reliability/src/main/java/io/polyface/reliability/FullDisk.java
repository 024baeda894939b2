package io.polyface.reliability;

import static io.polyface.reliability.GatewayClient.map;
import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.AnswerJudge;
import io.polyface.reliability.fuzz.AnswerRules;
import io.polyface.reliability.fuzz.ContractDocument;
import io.polyface.reliability.fuzz.Dialect;
import io.polyface.reliability.fuzz.FuzzRequest;
import io.polyface.reliability.fuzz.Operation;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full disk: a gateway process whose data directory is on a small tmpfs, written to until the
 * disk is full. Every failed write must be its dialect's documented storage error (no 5xx the
 * contract does not document, nothing of the server's insides), readiness must say DOWN while it
 * lasts and UP within 10 s of space returning, and every acknowledged write must be there, then
 * and after a restart.
 */
public final class FullDisk {
    private static final String SIZE = "48m";
    private static final long LEFT_FREE = 1 << 20;
    private static final int MAX_WRITES = 400;
    private static final int MAX_REFILLS = 20;
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String COLLECTION = "full";

    private final Path work;
    private final Photos photos;
    private final Credentials credentials;
    /** Every dialect's contract, read once for the judge and for the operations the writes are judged as. */
    private final List<ContractDocument> contracts = Dialect.found().stream().map(ContractDocument::load).toList();
    private final AnswerJudge judge = new AnswerJudge(contracts);

    public FullDisk(Path work, Photos photos, Credentials credentials) {
        this.work = requireNonNull(work, "work is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.FULL_DISK);
        Path config = credentials.writeConfig(work);
        Tmpfs disk;
        try {
            disk = Tmpfs.mount(work.resolve("disk"), SIZE);
        } catch (Tmpfs.CannotMount e) {
            checks.fail(e.getMessage());
            return checks.result();
        }
        try (disk) {
            Path data = disk.path().resolve("data");
            Enrolments enrolments = new Enrolments(photos);
            try (GatewayProcess gateway = GatewayProcess.start("full-disk", config, data)) {
                GatewayClient client = new GatewayClient(gateway.address(), credentials, DEADLINE);
                fill(client, disk, enrolments, checks);
                checks.check(client.readiness(Duration.ofSeconds(10)) == 503,
                        "readiness is not DOWN (503) on a full disk: " + client.readiness(Duration.ofSeconds(10)));
                long count = Enrolments.dmaiCount(client, COLLECTION);
                checks.check(count >= 0, "a read (DM-AI collection/status) fails on a full disk");
                recover(client, disk, enrolments, checks);
            }
            try (GatewayProcess again = GatewayProcess.start("full-disk-restarted", config, data)) {
                GatewayClient client = new GatewayClient(again.address(), credentials, DEADLINE);
                checks.check(client.readiness(Duration.ofSeconds(10)) == 200, "readiness is not UP after a restart");
                present(client, enrolments, "after a restart", checks);
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            checks.fail("the full-disk run stopped: " + e.getMessage());
        }
        return checks.result();
    }

    /** Writes until the disk is full, then once more in each dialect: each failure its storage error. */
    private void fill(GatewayClient client, Tmpfs disk, Enrolments enrolments, Checks checks) {
        client.post(Dialect.DMAI, Enrolments.DMAI + "/create/collection", map("collection_name", COLLECTION));
        client.post(Dialect.QINIU, "/v1/face/groups/fullfaces", map("config", map("capacity", 1000)));
        checks.check(client.readiness(Duration.ofSeconds(10)) == 200, "readiness is not UP before the disk fills");
        disk.fill("filler", LEFT_FREE);
        GatewayClient.Answer failed = null;
        for (int i = 0; i < MAX_WRITES && failed == null; i++) {
            GatewayClient.Answer added = enrolments.addFace(client, i);
            if (added.json().path("code").asInt(-1) != 0) {
                failed = added;
            }
        }
        if (failed == null) {
            checks.fail(MAX_WRITES + " FacePass faces were added on a " + SIZE + " disk with 1 MB free: none failed");
            return;
        }
        storageError(Dialect.FACEPASS, "POST", "/api/face/v1/add", failed, checks);
        // A smaller write may still fit in a gap of the store's file; once one fails with the disk
        // full to the last block, they all do.
        GatewayClient.Answer group = null;
        for (int i = 0; i < MAX_REFILLS && (group == null || group.json().path("code").asInt(-1) == 0); i++) {
            disk.fill("rest-" + i, 0);
            group = client.post(Dialect.FACEPASS, "/api/group/v1/create", map("group_name", "fullgrp" + i));
        }
        storageError(Dialect.FACEPASS, "POST", "/api/group/v1/create", group, checks);
        storageError(Dialect.DMAI, "POST", "/api/v1/engine/recocomp/face/insert",
                enrolments.insert(client, COLLECTION, "full-disk", 0), checks);
        storageError(Dialect.QINIU, "POST", "/v1/face/groups/{group}/add", client.post(Dialect.QINIU,
                "/v1/face/groups/fullfaces/add", map("image", map("uri", Photos.dataUri(photos.face(1))))), checks);
        storageError(Dialect.QINIU, "POST", "/v1/face/groups/{group}", client.post(Dialect.QINIU,
                "/v1/face/groups/fullmore", map("config", map("capacity", 10))), checks);
        storageError(Dialect.SENSETIME, "POST", "/face/detection", client.multipart(Dialect.SENSETIME, "/face/detection",
                List.of(FuzzRequest.Part.file("file", photos.face(2)))), checks);
        storageError(Dialect.SENSETIME, "POST", "/person/create", client.post(Dialect.SENSETIME, "/person/create",
                map("name", "full")), checks);
    }

    /**
     * A write on the full disk: its answer must be in the contract (as the fuzzer judges answers)
     * and, unless it succeeded, a server-side error, the dialect's storage error.
     */
    private void storageError(Dialect dialect, String method, String path, GatewayClient.Answer answer, Checks checks) {
        Operation operation = contracts.stream().filter(contract -> contract.dialect().equals(dialect)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + dialect.id() + " plugin on the class path")).operation(method, path);
        RawHttp.Response response = new RawHttp.Response(answer.status(), Map.of("content-type", "application/json"),
                answer.text().getBytes(StandardCharsets.UTF_8));
        Optional<AnswerJudge.Problem> problem = judge.judge(operation, null, response);
        AnswerRules rules = judge.rules(dialect);
        String code = rules.code(answer.status(), answer.json());
        checks.check(problem.isEmpty() && (rules.success(answer.status(), code) || rules.internal(answer.status(), code)),
                dialect.id() + " " + operation.name() + " on a full disk: " + problem.map(AnswerJudge.Problem::message)
                        .orElse("not a storage error: " + answer));
    }

    /** Frees the disk: readiness UP and writes working within the limit, nothing acknowledged lost. */
    private void recover(GatewayClient client, Tmpfs disk, Enrolments enrolments, Checks checks) {
        disk.free();
        long freed = System.nanoTime();
        while (client.readiness(Duration.ofSeconds(2)) != 200 && System.nanoTime() - freed < RECOVERY_LIMIT.toNanos()) {
            Pause.sleep(Duration.ofMillis(50));
        }
        long took = (System.nanoTime() - freed) / 1_000_000;
        if (checks.check(took < RECOVERY_LIMIT.toMillis(), "readiness not UP within " + RECOVERY_LIMIT.toSeconds()
                + " s of space returning")) {
            checks.note("readiness UP " + took + " ms after space returned");
        }
        GatewayClient.Answer after = enrolments.addFace(client, 3);
        checks.check(after.json().path("code").asInt(-1) == 0, "a write after space returned failed: " + after);
        present(client, enrolments, "once space returned", checks);
    }

    private static void present(GatewayClient client, Enrolments enrolments, String when, Checks checks) {
        List<String> missing = enrolments.missingFaces(client);
        if (checks.check(missing.isEmpty(), missing.size() + " of " + enrolments.acknowledgedFaces()
                + " acknowledged FacePass faces are missing " + when + ", e.g. " + missing.stream().limit(3).toList())) {
            checks.note("all " + enrolments.acknowledgedFaces() + " acknowledged FacePass faces found " + when);
        }
        long count = Enrolments.dmaiCount(client, COLLECTION);
        checks.check(count >= enrolments.acknowledgedInserts(), "DM-AI counts " + count + " faces " + when + ", but "
                + enrolments.acknowledgedInserts() + " inserts were acknowledged");
    }
}
