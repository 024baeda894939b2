package io.polyface.plugin.facepass;

/** A FacePass server's answers as the tests against WireMock give them: the data in the server's envelope. */
final class FacepassServerAnswers {
    private FacepassServerAnswers() {
    }

    static String ok(String data) {
        return "{\"code\":0,\"message\":\"\",\"timestamp\":1510058788332,\"timecost\":237,\"data\":" + data + "}";
    }

    static String failed(int code, String message, String data) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"timestamp\":1510058788332,\"timecost\":3,\"data\":" + data + "}";
    }
}
