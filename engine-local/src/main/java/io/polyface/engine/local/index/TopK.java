package io.polyface.engine.local.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded min-heap of row numbers by score: the root is the weakest of the best k seen so
 * far, so most rows are turned away with one comparison. In distinct-tag mode a map from tag to
 * heap slot keeps only each tag's best row.
 */
final class TopK {
    private final int capacity;
    private final int[] rows;
    private final float[] scores;
    private final Map<String, Integer> slotOfTag;
    private final String[] slotTags;
    private int count;

    TopK(int capacity, boolean distinctTags) {
        this.capacity = capacity;
        this.rows = new int[capacity];
        this.scores = new float[capacity];
        this.slotOfTag = distinctTags ? new HashMap<>() : null;
        this.slotTags = distinctTags ? new String[capacity] : null;
    }

    int count() {
        return count;
    }

    int row(int slot) {
        return rows[slot];
    }

    /** The weakest score held: the heap's root. */
    float weakest() {
        return scores[0];
    }

    boolean full() {
        return count == capacity;
    }

    /** Offers every entry of another heap of the same kind: the merge of two row ranges. */
    void offerAll(TopK other) {
        for (int i = 0; i < other.count; i++) {
            offer(other.rows[i], other.scores[i], other.slotTags == null ? null : other.slotTags[i]);
        }
    }

    void offer(int row, float score, String tag) {
        if (count == capacity && score <= scores[0]) {
            return;
        }
        if (slotOfTag == null) {
            if (count < capacity) {
                place(count++, row, score, null);
                siftUp(count - 1);
            } else {
                place(0, row, score, null);
                siftDown(0);
            }
            return;
        }
        Integer slot = slotOfTag.get(tag);
        if (slot != null) {
            // The tag is already in the heap: keep whichever of its rows scores better.
            if (score > scores[slot]) {
                place(slot, row, score, tag);
                siftDown(slot);
            }
            return;
        }
        if (count < capacity) {
            place(count++, row, score, tag);
            siftUp(count - 1);
        } else {
            slotOfTag.remove(slotTags[0]);
            place(0, row, score, tag);
            siftDown(0);
        }
    }

    List<VectorIndex.Hit> drainBestFirst(String[] ids, String[] tags) {
        VectorIndex.Hit[] out = new VectorIndex.Hit[count];
        while (count > 0) {
            int row = rows[0];
            out[count - 1] = new VectorIndex.Hit(ids[row], tags[row], scores[0]);
            count--;
            if (count > 0) {
                move(count, 0);
                siftDown(0);
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    private void place(int slot, int row, float score, String tag) {
        rows[slot] = row;
        scores[slot] = score;
        if (slotTags != null) {
            slotTags[slot] = tag;
            slotOfTag.put(tag, slot);
        }
    }

    private void move(int from, int to) {
        place(to, rows[from], scores[from], slotTags == null ? null : slotTags[from]);
    }

    private void swap(int a, int b) {
        int row = rows[a];
        float score = scores[a];
        String tag = slotTags == null ? null : slotTags[a];
        move(b, a);
        place(b, row, score, tag);
    }

    private void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (scores[slot] >= scores[parent]) {
                return;
            }
            swap(slot, parent);
            slot = parent;
        }
    }

    private void siftDown(int slot) {
        while (true) {
            int left = 2 * slot + 1;
            if (left >= count) {
                return;
            }
            int smallest = left + 1 < count && scores[left + 1] < scores[left] ? left + 1 : left;
            if (scores[slot] <= scores[smallest]) {
                return;
            }
            swap(slot, smallest);
            slot = smallest;
        }
    }
}
