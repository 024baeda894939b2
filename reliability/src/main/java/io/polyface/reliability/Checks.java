package io.polyface.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one area as they are made: each passes or fails with a line saying what was
 * expected and what came. Thread-safe.
 */
public final class Checks {
    private final Area area;
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int tried;
    private int passed;

    public Checks(Area area) {
        this.area = area;
    }

    /** Records a check; {@code failure} says what went wrong when {@code ok} is false. */
    public synchronized boolean check(boolean ok, String failure) {
        tried++;
        if (ok) {
            passed++;
        } else {
            failures.add(failure);
        }
        return ok;
    }

    public boolean pass() {
        return check(true, "");
    }

    public boolean fail(String failure) {
        return check(false, failure);
    }

    /** Something worth printing whether the area passes or not (a size used, a time measured). */
    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized AreaResult result() {
        return new AreaResult(area, tried, passed, failures, notes);
    }
}
