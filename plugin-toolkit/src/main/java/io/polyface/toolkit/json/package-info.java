/**
 * The JSON mappers plugins and the gateway share: {@link io.polyface.toolkit.json.Json}.
 */
package io.polyface.toolkit.json;
