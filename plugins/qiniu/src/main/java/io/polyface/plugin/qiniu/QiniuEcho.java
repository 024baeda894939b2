package io.polyface.plugin.qiniu;

import io.polyface.toolkit.dialect.InputEcho;

/** Client input quoted in a Qiniu error message (an image id, a group name), cut as {@link InputEcho} cuts it. */
final class QiniuEcho {
    private QiniuEcho() {
    }

    static String of(String input) {
        return InputEcho.of(input);
    }
}
