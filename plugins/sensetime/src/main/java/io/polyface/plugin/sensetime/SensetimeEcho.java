package io.polyface.plugin.sensetime;

import io.polyface.toolkit.dialect.InputEcho;

/**
 * Client input quoted in a SenseTime {@code reason} (an id, a parameter name, a Content-Type), cut as
 * {@link InputEcho} cuts it.
 */
final class SensetimeEcho {
    private SensetimeEcho() {
    }

    static String of(String input) {
        return InputEcho.of(input);
    }
}
