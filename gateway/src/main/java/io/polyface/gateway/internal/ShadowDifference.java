package io.polyface.gateway.internal;

/**
 * One way two answers differ.
 *
 * @param field what differs ("hits.tags", "score", "faces[0].box")
 * @param primary the primary's value, as text
 * @param shadow the shadow's value, as text
 */
record ShadowDifference(String field, String primary, String shadow) {
}
