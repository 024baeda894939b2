package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answer of {@code /service/sync}: the document leaves its binary stream to Megvii's SDK, so
 * Polyface defines its own (README and contract, "sync stream"). Big-endian throughout:
 *
 * <pre>
 * magic "FPSY", format u8 = 1, flags u8 (bit 0: replace all: drop every local face first)
 * search_model: u16 length + UTF-8; dimension u16 (floats per feature); group count u32
 * per group, in request order:
 *   group_name u16 + UTF-8, group_id i64, local_version i64, cloud_version i64,
 *   result_code u8 (0 done, 1 not done), result_version i64,
 *   mode u8 (0 unchanged, 1 incremental, 2 full: replace the group's faces, 3 absent: keep local),
 *   removed u32, then each face_token as 24 ASCII bytes,
 *   added u32, then each face_token (24 ASCII bytes) followed by dimension float32
 * </pre>
 */
record FacepassSyncResult(boolean replaceAll, String searchModel, List<GroupResult> groups) {
    static final byte[] MAGIC = {'F', 'P', 'S', 'Y'};
    static final int FORMAT = 1;

    /** What a device does with a group; the wire value is fixed, whatever the order here. */
    enum Mode {
        UNCHANGED(0), INCREMENTAL(1), FULL(2), ABSENT(3);

        private final int wire;

        Mode(int wire) {
            this.wire = wire;
        }

        int wire() {
            return wire;
        }
    }

    record AddedFace(String faceToken, float[] feature) {
    }

    record GroupResult(String groupName, long groupId, long localVersion, long cloudVersion, int resultCode,
            long resultVersion, Mode mode, List<String> removed, List<AddedFace> added) {
        GroupResult {
            requireNonNull(groupName, "groupName is null");
            requireNonNull(mode, "mode is null");
            removed = List.copyOf(removed);
            added = List.copyOf(added);
        }
    }

    FacepassSyncResult {
        requireNonNull(searchModel, "searchModel is null");
        groups = List.copyOf(groups);
    }

    byte[] encode() {
        int dimension = groups.stream().flatMap(g -> g.added().stream()).mapToInt(a -> a.feature().length).max().orElse(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(FORMAT);
            out.writeByte(replaceAll ? 1 : 0);
            writeString(out, searchModel);
            out.writeShort(dimension);
            out.writeInt(groups.size());
            for (GroupResult group : groups) {
                writeString(out, group.groupName());
                out.writeLong(group.groupId());
                out.writeLong(group.localVersion());
                out.writeLong(group.cloudVersion());
                out.writeByte(group.resultCode());
                out.writeLong(group.resultVersion());
                out.writeByte(group.mode().wire());
                out.writeInt(group.removed().size());
                for (String token : group.removed()) {
                    writeToken(out, token);
                }
                out.writeInt(group.added().size());
                for (AddedFace face : group.added()) {
                    writeToken(out, face.faceToken());
                    if (face.feature().length != dimension) {
                        throw new IllegalStateException("features of different lengths in one sync answer");
                    }
                    for (float value : face.feature()) {
                        out.writeFloat(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static void writeToken(DataOutputStream out, String token) throws IOException {
        byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length != 24) {
            throw new IllegalStateException("a face_token is 24 characters: " + token);
        }
        out.write(ascii);
    }
}
