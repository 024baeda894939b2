package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_2;
import static io.polyface.conformance.Photos.ANGELINA_PROBE;
import static io.polyface.conformance.Photos.JENNIFER_1;
import static io.polyface.conformance.Photos.SCARLETT_1;
import static io.polyface.conformance.Photos.SCARLETT_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature-version admin API (qiniu-feature-upgrade.md). */
class QiniuFeatureTest extends BaseQiniuTest {
    private static String groupWithFaces() {
        String group = env.newFaceGroup();
        for (String photo : new String[] {ANGELINA_1, ANGELINA_2, SCARLETT_1,
                JENNIFER_1}) {
            assertThat(env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(photo)))).status()).isEqualTo(200);
        }
        return group;
    }

    private static JsonNode waitForJob(String group) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode jobs = env.client().get("/v1/face/group/" + group + "/feature/upgrade").json().path("result");
            if (jobs.size() > 0 && !jobs.get(0).path("status").asText().equals("UPGRADING")) {
                return jobs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job did not finish within a minute");
    }

    @Test
    @Proves(dialect = "qiniu", operation = "feature.versions", code = "200", section = "/face/group/feature")
    @Proves(dialect = "qiniu", operation = "feature.version", code = "200", section = "/face/group/<id>/feature")
    @Proves(dialect = "qiniu", operation = "feature.check", code = "200", section = "/face/group/<id>/feature/check")
    void versionsAndTheCheckOfStoredImages() {
        String group = groupWithFaces();
        QiniuResponse all = env.client().get("/v1/face/group/feature");
        assertThat(all.json().path("code").asInt()).isZero();
        assertThat(all.json().path("result").findValuesAsText("id")).contains(group);
        QiniuResponse one = env.client().get("/v1/face/group/" + group + "/feature");
        assertThat(one.json().at("/result/feature_version").asText()).isEqualTo("v1");
        QiniuResponse check = env.client().postEmpty("/v1/face/group/" + group + "/feature/check");
        assertThat(check.json().at("/result/available").asInt()).isEqualTo(4);
        assertThat(check.json().at("/result/unavailable").asInt()).isZero();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "feature.upgrade", code = "200", section = "/face/group/<id>/feature/upgrade/<version>")
    @Proves(dialect = "qiniu", operation = "feature.rerun", code = "200", section = "/face/group/<id>/feature/rerun")
    @Proves(dialect = "qiniu", operation = "feature.group_upgrades", code = "200", section = "/face/group/<id>/feature/upgrade")
    @Proves(dialect = "qiniu", operation = "feature.upgrades", code = "200", section = "/face/group/feature/upgrade")
    void anUpgradeRunsThenFinishesAndARerunKeepsTheVersion() throws InterruptedException {
        String group = groupWithFaces();
        QiniuResponse rerun = env.client().postEmpty("/v1/face/group/" + group + "/feature/rerun");
        assertThat(rerun.json().path("message").asText()).isEqualTo("Rerun on the way");
        JsonNode job = waitForJob(group);
        assertThat(job.path("status").asText()).isEqualTo("FINISHED");
        assertThat(job.path("from").asText()).isEqualTo("v1");
        assertThat(job.path("to").asText()).isEqualTo("v1");

        QiniuResponse upgrade = env.client().postEmpty("/v1/face/group/" + group + "/feature/upgrade/v2");
        if (!env.external()) {
            assertThat(upgrade.status()).as("the local engine has a second feature version").isEqualTo(200);
        }
        if (upgrade.status() == 400) {
            assertThat(upgrade.json().path("message").asText()).contains("unknown feature version");
        } else {
            assertThat(upgrade.json().path("message").asText()).isEqualTo("Upgrade on the way");
            assertThat(waitForJob(group).path("to").asText()).isEqualTo("v2");
            assertThat(env.client().get("/v1/face/group/" + group + "/feature").json().at("/result/feature_version").asText()).isEqualTo("v2");
            // the group still searches after the upgrade
            assertThat(env.client().post("/v1/face/groups/" + group + "/search",
                    Map.of("images", java.util.List.of(env.data(ANGELINA_PROBE)))).json()
                    .at("/search_results/0/faces/0/faces")).isNotEmpty();
        }
        QiniuResponse finished = env.client().get("/v1/face/group/feature/upgrade?status=FINISHED");
        assertThat(finished.json().path("result").findValuesAsText("id")).contains(group);
        assertThat(env.client().postEmpty("/v1/face/group/" + group + "/feature/upgrade/v1").status())
                .as("upgrading to the version it has").isIn(200, 400);
    }

    @Test
    @Proves(dialect = "qiniu", operation = "feature.upgrade", code = "409", basis = Basis.EMULATOR_ONLY, section = "one job at a time")
    @Proves(dialect = "qiniu", operation = "feature.rerun", code = "409", basis = Basis.EMULATOR_ONLY, section = "one job at a time")
    void aSecondJobWhileOneRunsIs409() throws InterruptedException {
        assumeFalse(env.external(), "the document says nothing of concurrent jobs");
        String group = groupWithFaces();
        for (int i = 0; i < 4; i++) {
            env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(SCARLETT_2))));
        }
        env.client().postEmpty("/v1/face/group/" + group + "/feature/rerun");
        QiniuResponse rerun = env.client().postEmpty("/v1/face/group/" + group + "/feature/rerun");
        QiniuResponse upgrade = env.client().postEmpty("/v1/face/group/" + group + "/feature/upgrade/v2");
        assertThat(rerun.status()).isEqualTo(409);
        assertThat(upgrade.status()).isEqualTo(409);
        waitForJob(group);
    }
}
