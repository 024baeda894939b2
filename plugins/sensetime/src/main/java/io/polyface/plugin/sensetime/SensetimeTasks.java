package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asynchronous calls ("异步调用"): work that answers 202 with a {@code task_id} runs on a bounded
 * executor, and its state (pending, processing, done with the result, failed with the error) is a
 * record of kind {@value #KIND} in the engine, so that any node can answer {@code /info/task}. Task
 * ids live {@link #LIFETIME}. When the queue is full the work runs in the caller's thread instead
 * and the call answers 200 with the result. Thread-safe.
 */
final class SensetimeTasks {
    static final String KIND = "sensetime-task";
    static final Duration LIFETIME = Duration.ofHours(24);

    private final SensetimeStore store;
    private final Function<RuntimeException, ObjectNode> errorBody;
    private final ThreadPoolExecutor executor;
    private final SensetimeHousekeeping purges = new SensetimeHousekeeping(Duration.ofHours(1));

    /** What became of a submission. */
    sealed interface Submitted {
        /** Queued: answer 202 with this body. */
        record Queued(ObjectNode body) implements Submitted {
        }

        /** Run at once because the queue was full: answer 200 with the result. */
        record RanInline(ObjectNode result) implements Submitted {
        }
    }

    /**
     * @param errorBody the error envelope of a failure, as a synchronous call would have answered
     */
    SensetimeTasks(SensetimeStore store, int threads, int queue, Function<RuntimeException, ObjectNode> errorBody) {
        this.store = requireNonNull(store, "store is null");
        this.errorBody = requireNonNull(errorBody, "errorBody is null");
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, "sensetime-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues work for a tenant, or runs it at once when the queue is full. */
    Submitted submit(String tenant, Supplier<ObjectNode> work) {
        purgeNowAndThen(tenant);
        String taskId = SensetimeStore.newId();
        Instant created = store.now();
        write(tenant, taskId, "pending", created, Optional.empty());
        try {
            executor.execute(() -> run(tenant, taskId, created, work));
        } catch (RejectedExecutionException full) {
            store.engine(tenant).deleteRecord(tenant, KIND, taskId);
            return new Submitted.RanInline(work.get());
        }
        ObjectNode body = Json.object();
        body.put("status", "OK");
        body.put("task_id", taskId);
        body.put("task_status", "pending");
        return new Submitted.Queued(body);
    }

    private void run(String tenant, String taskId, Instant created, Supplier<ObjectNode> work) {
        try {
            write(tenant, taskId, "processing", created, Optional.empty());
            ObjectNode result = work.get();
            write(tenant, taskId, "done", created, Optional.of(result));
        } catch (RuntimeException e) {
            try {
                write(tenant, taskId, "failed", created, Optional.of(errorBody.apply(e)));
            } catch (RuntimeException unrecorded) {
                System.getLogger(SensetimeTasks.class.getName()).log(System.Logger.Level.WARNING,
                        "Task " + taskId + " failed and its failure could not be recorded: " + unrecorded.getMessage());
            }
        }
    }

    private void write(String tenant, String taskId, String status, Instant created, Optional<ObjectNode> result) {
        ObjectNode record = Json.object();
        record.put("task_status", status);
        record.put("created", created.toEpochMilli());
        result.ifPresent(r -> record.set("result", r));
        store.engine(tenant).putRecord(tenant, KIND, taskId, SensetimeJson.text(record));
    }

    /** The task's record as {@code /info/task} answers it; empty when unknown or expired. */
    Optional<ObjectNode> task(String tenant, String taskId) {
        if (!SensetimeStore.ID.matcher(taskId).matches()) {
            return Optional.empty();
        }
        Optional<ObjectNode> record = store.engine(tenant).record(tenant, KIND, taskId).map(SensetimeJson::read);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        if (expired(record.get())) {
            store.engine(tenant).deleteRecord(tenant, KIND, taskId);
            return Optional.empty();
        }
        ObjectNode body = Json.object();
        body.put("status", "OK");
        body.put("task_id", taskId);
        String status = record.get().path("task_status").asText();
        body.put("task_status", status);
        if ((status.equals("done") || status.equals("failed")) && record.get().has("result")) {
            body.set("result", record.get().get("result"));
        }
        return Optional.of(body);
    }

    private boolean expired(ObjectNode record) {
        return !store.now().isBefore(Instant.ofEpochMilli(record.path("created").asLong()).plus(LIFETIME));
    }

    /** Deletes a tenant's expired task records, at most once an hour per tenant and node. */
    private void purgeNowAndThen(String tenant) {
        if (!purges.due(tenant, store.now())) {
            return;
        }
        store.engine(tenant).records(tenant, KIND).forEach((id, json) -> {
            if (expired(SensetimeJson.read(json))) {
                store.engine(tenant).deleteRecord(tenant, KIND, id);
            }
        });
    }
}
