package io.polyface.engine.local.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Writers and readers of one index run at the same time: all start together, each reader searches
 * until every writer is done (and at least a given number of times), and what any of them throws
 * fails the test.
 */
final class WritersAndReaders {

    /** One writer's whole work. */
    @FunctionalInterface
    interface Writer {
        void write(int writer) throws Exception;
    }

    /** One search of a reader, told how many it made before. */
    @FunctionalInterface
    interface Search {
        void search(int searchesBefore) throws Exception;
    }

    private WritersAndReaders() {
    }

    /**
     * Runs the writers {@code 0..writers-1} and the readers {@code 0..readers-1}, each reader's
     * searches made by the {@link Search} {@code reader} gives for its number.
     */
    static void run(int writers, Writer writer, int readers, IntFunction<Search> reader, int minSearches, Duration timeout)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int number = w;
                writes.add(pool.submit(() -> {
                    start.await();
                    writer.write(number);
                    return null;
                }));
            }
            List<Future<Integer>> reads = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                Search search = reader.apply(r);
                reads.add(pool.submit(() -> {
                    start.await();
                    int searches = 0;
                    while (writing.get() || searches < minSearches) {
                        search.search(searches);
                        searches++;
                    }
                    return searches;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            writing.set(false);
            for (Future<Integer> read : reads) {
                assertThat(read.get(timeout.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
