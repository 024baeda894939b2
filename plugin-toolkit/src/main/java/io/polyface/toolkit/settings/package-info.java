/**
 * Binding a plugin's settings, the flattened strings of its configuration section, to a record
 * once: {@link io.polyface.toolkit.settings.Settings#bind} reads each component's {@link
 * io.polyface.toolkit.settings.Setting}, takes its default when the key is absent, and refuses a bad
 * value with an {@link io.polyface.toolkit.settings.InvalidSettingException} that names the key and
 * the expected form.
 */
package io.polyface.toolkit.settings;
