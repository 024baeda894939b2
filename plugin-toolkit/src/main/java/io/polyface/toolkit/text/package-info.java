/**
 * Client text in dialects: {@link io.polyface.toolkit.text.ClientText} counts it in characters
 * against a field's limit and quotes a bounded prefix of it in error messages.
 */
package io.polyface.toolkit.text;
