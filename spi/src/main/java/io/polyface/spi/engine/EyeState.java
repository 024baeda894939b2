package io.polyface.spi.engine;

/** Whether an eye is open. */
public enum EyeState {
    OPEN, CLOSED
}
