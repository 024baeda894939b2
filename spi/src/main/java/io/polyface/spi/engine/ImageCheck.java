package io.polyface.spi.engine;

/**
 * Whether the images behind a collection's faces are still stored, which an upgrade needs.
 *
 * @param faces faces in the collection
 * @param available faces whose image is stored
 * @param missing faces whose image is gone
 */
public record ImageCheck(long faces, long available, long missing) {}
