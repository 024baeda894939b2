package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import java.util.regex.Pattern;

/** Qiniu's group names: 3 to 32 characters, a lower-case letter first, then lower-case letters, digits, {@code _} or {@code -}. */
final class QiniuGroupName {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{2," + (QiniuLimits.GROUP_NAME_CHARS - 1) + "}");

    private QiniuGroupName() {
    }

    /** Whether a name can be a group's: a path that names anything else names no group. */
    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The group a create names, checked first of all as Qiniu does ({@code invalid group name}). */
    static String toCreate(DialectRequest request) {
        String name = request.pathParameters().get("group");
        if (!valid(name)) {
            throw QiniuError.INVALID_GROUP_NAME.failure();
        }
        return name;
    }

    /** A create's checks after its name, in Qiniu's order: the group must not exist, then its capacity be positive. */
    static void checkCreate(boolean exists, long capacity) {
        if (exists) {
            throw QiniuError.GROUP_ALREADY_EXIST.failure();
        }
        if (capacity <= 0) {
            throw QiniuError.INVALID_GROUP_CAPACITY.failure();
        }
    }

    static String check(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new FaceException.InvalidArgument(field, "invalid group name: " + field
                    + " must be 3-32 characters, a lower-case letter first, then lower-case letters, digits, '_' or '-'");
        }
        return name;
    }
}
