package io.polyface.conformance.qiniu;

/**
 * Files of Qiniu's own server (its public code, argus {@code feature_group_private}) that show how it
 * answers where the document is silent: the {@code section} of a {@code Basis.OBSERVED} proof.
 */
final class QiniuSources {
    static final String BASE_SERVICE = "argus/feature_group_private/service/base_service.go";
    static final String FACE_SERVICE = "argus/feature_group_private/service/face_service.go";
    static final String IMAGE_SERVICE = "argus/feature_group_private/service/image_service.go";
    static final String FACE_GROUP = "argus/feature_group_private/service/face_group.go";
    /** Every handler that returns nothing answers 200 with an empty JSON object. */
    static final String REPLY_WITH_CODE_200 = "argus/vendor/github.com/qiniu/http/rpcutil.v1/rpc_util.go (ReplyWithCode 200)";

    private QiniuSources() {
    }
}
