package io.polyface.plugin.qiniu;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code etag} the older generation's image groups give an image sent as a data URI
 * (imageg/service.go, {@code dataURIEtag}): the SHA-1 of its bytes written as Go's {@code
 * hex.Dump} writes it, the {@code hexdump -C} layout (offset, sixteen bytes in two groups of eight,
 * the printable characters between bars, a newline per line). Kept in that form so that an etag a
 * client stored from the real server compares equal to ours.
 */
final class QiniuLegacyEtag {
    private static final int LINE = 16;

    private QiniuLegacyEtag() {
    }

    static String of(byte[] image) {
        try {
            return hexDump(MessageDigest.getInstance("SHA-1").digest(image));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    static String hexDump(byte[] data) {
        StringBuilder out = new StringBuilder();
        for (int start = 0; start < data.length; start += LINE) {
            int count = Math.min(LINE, data.length - start);
            out.append(String.format("%08x  ", start));
            StringBuilder chars = new StringBuilder();
            for (int i = 0; i < LINE; i++) {
                if (i < count) {
                    int b = data[start + i] & 0xff;
                    out.append(String.format("%02x ", b));
                    chars.append(b < 32 || b > 126 ? '.' : (char) b);
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(chars).append("|\n");
        }
        return out.toString();
    }
}
