package io.polyface.conformance.facepass;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.DialectEnvironment;
import io.polyface.conformance.Faces;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint a FacePass test class talks to, and the clean-up of what it creates.
 *
 * <p>Without a base URL one in-process gateway is started for the whole run. Group names carry a
 * prefix unique to the run (FacePass names are at most 16 characters: {@code cf<4 hex>_<n>}); every
 * group and face a test creates through this class is deleted after the test (or after the class,
 * when created in {@code @BeforeAll}), whether it passed or not: the groups first, then the faces.
 */
public final class FacepassEnvironment extends DialectEnvironment<FacepassEnvironment.Created> {
    static final String RUN_PREFIX = "cf" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000)) + "_";

    /** A group or a face, to delete afterwards. */
    record Created(Kind kind, String id) {
    }

    /** In the order they are deleted. */
    enum Kind {
        GROUP, FACE
    }

    private FacepassClient client;
    private Faces faces;
    private static int counter;

    @Override
    protected void connect(ExtensionContext context, Optional<String> baseUrl) {
        client = new FacepassClient(urlOrInProcessGateway(context, baseUrl, "facepass", "polyface-conformance-facepass-"),
                contract(context, "facepass"));
        faces = shared(context, Faces.class, Faces::fromSystemProperty);
    }

    public FacepassClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public Faces faces() {
        return faces;
    }

    /** A fresh group name with the run's prefix; nothing is created. */
    public static synchronized String name() {
        return RUN_PREFIX + (++counter);
    }

    /** Creates a group that is deleted when the current test (or class) ends. */
    public String newGroup() {
        String name = name();
        FacepassResponse created = client.group("create", name);
        if (created.code() != 0) {
            throw new AssertionError("creating the group " + name + " failed (section 创建Group): " + created.json());
        }
        return trackGroup(name);
    }

    public String trackGroup(String name) {
        return deleteLater(new Created(Kind.GROUP, name)).id();
    }

    /** Adds a face that passes the quality gate and deletes it when the current test (or class) ends. */
    public String addFace(String photo) {
        FacepassResponse added = client.postForm("/api/face/v1/add", FacepassClient.Part.file("image", "face.jpg", faces.bytes(photo)));
        if (added.code() != 0) {
            throw new AssertionError("adding " + photo + " failed (section 新增Face): " + added.json());
        }
        return trackFace(added.data().path("face_token").asText());
    }

    public String trackFace(String token) {
        return deleteLater(new Created(Kind.FACE, token)).id();
    }

    @Override
    protected void deleteAll(List<Created> created) {
        super.deleteAll(created.stream().sorted(Comparator.comparing(Created::kind)).toList());
    }

    @Override
    protected void delete(Created created) {
        switch (created.kind()) {
            case GROUP -> client.group("delete", created.id());
            case FACE -> client.face("delete", created.id());
        }
    }

    @Override
    protected String describeDeletion(Created created) {
        return "delete the " + (created.kind() == Kind.GROUP ? "group " : "face ") + created.id();
    }
}
