package io.polyface.reliability;

import java.time.Duration;

/** Waiting between the steps of an attack: an interrupt ends the wait early and stays set for the caller to see. */
final class Pause {
    private Pause() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
