package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the journal keeps of a body: no secrets, images as size and hash, exact text otherwise, within a bound. */
class JournalScrubberTest {
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String SECRET = "do-not-keep-this-secret";

    private final JournalScrubber scrubber = new JournalScrubber(4096);

    private static byte[] photo() throws Exception {
        return Files.readAllBytes(FACES.resolve("obama/facerec_obama.jpg"));
    }

    private static String placeholder(byte[] photo) {
        return "<image " + photo.length + " bytes sha256:" + JournalScrubber.sha256(photo) + ">";
    }

    @Test
    void aBase64PhotoInJsonBecomesItsSizeAndHash() throws Exception {
        byte[] photo = photo();
        String body = "{\"collection_name\":\"c\",\"face_image\":[\"" + Base64.getEncoder().encodeToString(photo) + "\"]}";

        JournalEntry.Message kept = scrubber.message(Map.of(), "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertThat(kept.body()).isEqualTo("{\"collection_name\":\"c\",\"face_image\":[\"" + placeholder(photo) + "\"]}");
        assertThat(kept.size()).isEqualTo(body.length());
        assertThat(kept.truncated()).isFalse();
    }

    @Test
    void jsonLabelledAsAFormIsScrubbedAsJson() throws Exception {
        byte[] photo = photo();
        String body = "{\"face_image1\":\"" + Base64.getEncoder().encodeToString(photo) + "\",\"api_secret\":\"" + SECRET + "\"}";

        assertThat(scrubber.message(Map.of(), "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("{\"face_image1\":\"" + placeholder(photo) + "\",\"api_secret\":\"<dropped>\"}");
    }

    @Test
    void aDataUriPhotoBecomesItsSizeAndHash() throws Exception {
        byte[] photo = photo();
        String body = "{\"image\":{\"uri\":\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(photo) + "\"}}";

        assertThat(scrubber.message(Map.of(), "application/json", body.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("{\"image\":{\"uri\":\"" + placeholder(photo) + "\"}}");
    }

    @Test
    void longBase64ThatIsNoPictureIsNamedAsBase64() {
        byte[] feature = new byte[2048];
        for (int i = 0; i < feature.length; i++) {
            feature[i] = (byte) (i * 31);
        }
        String body = "{\"feature\":\"" + Base64.getEncoder().encodeToString(feature) + "\"}";

        assertThat(scrubber.message(Map.of(), "application/json", body.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("{\"feature\":\"<base64 2048 bytes sha256:" + JournalScrubber.sha256(feature) + ">\"}");
    }

    @Test
    void jsonWithNothingToReplaceKeepsItsExactText() {
        String pretty = "{\n  \"code\": 0,\n  \"score\": 0.87500,\n  \"face_token\": \"aaaaaaaaaaaaaaaaaaaaaa==\"\n}";

        assertThat(scrubber.message(Map.of(), "application/json", pretty.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(pretty);
    }

    @Test
    void secretsAreDroppedFromJsonFormsMultipartQueriesAndHeaders() {
        String json = "{\"api_id\":\"me\",\"api_secret\":\"" + SECRET + "\",\"group_id\":\"g\"}";
        assertThat(scrubber.message(Map.of(), "application/json", json.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("{\"api_id\":\"me\",\"api_secret\":\"<dropped>\",\"group_id\":\"g\"}");

        String form = "api_id=me&api_secret=" + SECRET + "&name=a%20b";
        assertThat(scrubber.message(Map.of(), "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("api_id=me&api_secret=<dropped>&name=a%20b");

        String multipart = "--b\r\nContent-Disposition: form-data; name=\"api_secret\"\r\n\r\n" + SECRET
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"api_id\"\r\n\r\nme\r\n--b--\r\n";
        assertThat(scrubber.message(Map.of(), "multipart/form-data; boundary=b", multipart.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("part api_secret: <dropped>\npart api_id: me");

        String broken = "{\"api_id\":\"me\",\"api_secret\":\"" + SECRET + "\",";
        assertThat(scrubber.message(Map.of(), "application/json", broken.getBytes(StandardCharsets.UTF_8)).body())
                .as("JSON that does not parse").isEqualTo("{\"api_id\":\"me\",\"api_secret\":\"<dropped>\",");
        assertThat(scrubber.message(Map.of(), "text/plain", ("api_id=me&api_secret=" + SECRET).getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("api_id=me&api_secret=<dropped>");

        assertThat(JournalScrubber.parameters(Map.of("api_secret", List.of(SECRET), "api_id", List.of("me"))))
                .isEqualTo(Map.of("api_secret", List.of("<dropped>"), "api_id", List.of("me")));

        Map<String, List<String>> headers = JournalScrubber.headers(Map.of(
                "Authorization", List.of("Qiniu ak:" + SECRET), "Cookie", List.of(SECRET), "X-Api-Secret", List.of(SECRET),
                "Content-Type", List.of("application/json")));
        assertThat(headers).containsOnlyKeys("Content-Type");
    }

    @Test
    void aFilePartBecomesItsSizeAndHashBesideTheTextParts() throws Exception {
        byte[] photo = photo();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("--xyz\r\nContent-Disposition: form-data; name=\"group_name\"\r\n\r\nstaff\r\n".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes("\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(scrubber.message(Map.of(), "multipart/form-data; boundary=\"xyz\"", body.toByteArray()).body())
                .isEqualTo("part group_name: staff\npart image (filename=\"photo.jpg\", image/jpeg): " + placeholder(photo));
    }

    @Test
    void aBinaryBodyIsItsSizeAndHash() throws Exception {
        byte[] photo = photo();
        assertThat(scrubber.message(Map.of(), "image/jpeg", photo).body()).isEqualTo(placeholder(photo));
        byte[] noise = {0, 1, 2, (byte) 0xFE};
        assertThat(scrubber.message(Map.of(), "application/octet-stream", noise).body())
                .isEqualTo("<binary 4 bytes sha256:" + JournalScrubber.sha256(noise) + ">");
    }

    @Test
    void longBodiesAreCutAtTheBoundWithoutSplittingACharacter() {
        String text = "é".repeat(3000);
        JournalEntry.Message kept = new JournalScrubber(101).message(Map.of(), "text/plain", text.getBytes(StandardCharsets.UTF_8));

        assertThat(kept.body()).isEqualTo("é".repeat(50));
        assertThat(kept.truncated()).isTrue();
        assertThat(kept.size()).isEqualTo(6000);
    }

    @Test
    void malformedMultipartIsKeptAsTheTextItIs() {
        byte[] body = "not multipart at all".getBytes(StandardCharsets.UTF_8);
        assertThat(scrubber.message(Map.of(), "multipart/form-data; boundary=b", body).body()).isEqualTo("not multipart at all");
    }
}
