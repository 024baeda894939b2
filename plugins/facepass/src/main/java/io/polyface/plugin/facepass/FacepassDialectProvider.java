package io.polyface.plugin.facepass;

import io.polyface.toolkit.provider.NamedDialectProvider;

/** Registers the Megvii FacePass server dialect under the id {@code facepass}. */
public final class FacepassDialectProvider extends NamedDialectProvider {
    public static final String ID = "facepass";

    public FacepassDialectProvider() {
        super(ID, FacepassDialect::new, new FacepassScoreScale());
    }
}
