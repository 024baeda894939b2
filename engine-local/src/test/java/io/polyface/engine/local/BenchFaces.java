package io.polyface.engine.local;

import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.toolkit.console.Progress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Fills a collection of a store with generated faces for the benchmarks, much faster than enrolling them. */
final class BenchFaces {

    private BenchFaces() {
    }

    /**
     * Inserts faces {@code 0..rows-1} in batches of 1,000, showing progress, then moves the
     * collection's version by their number and makes it durable.
     */
    static void insert(MongoFaceStore store, CollectionRef ref, int rows, Instant now, IntFunction<FaceRecord> face) {
        List<FaceRecord> batch = new ArrayList<>();
        Progress progress = Progress.of("fill", "faces", new PrintWriter(System.out, true));
        progress.total(rows);
        for (int i = 0; i < rows; i++) {
            batch.add(face.apply(i));
            if (batch.size() == 1000 || i == rows - 1) {
                store.insertFaces(batch);
                progress.advance(batch.size());
                batch.clear();
            }
        }
        progress.finish();
        store.versions().recordFaceChange(ref, rows, now);
        store.makeDurable();
    }
}
