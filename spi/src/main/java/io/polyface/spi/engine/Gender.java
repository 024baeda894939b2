package io.polyface.spi.engine;

/** The gender a model estimates from a face. */
public enum Gender {
    FEMALE, MALE
}
