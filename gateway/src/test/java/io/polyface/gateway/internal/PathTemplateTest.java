package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void literalPathMatchesItselfOnly() {
        PathTemplate template = new PathTemplate("/api/v1/engine/recocomp/face/search");

        assertThat(template.match("/api/v1/engine/recocomp/face/search")).contains(Map.of());
        assertThat(template.match("/api/v1/engine/recocomp/face/search/")).contains(Map.of());
        assertThat(template.match("/api/v1/engine/recocomp/face")).isEmpty();
        assertThat(template.match("/api/v1/engine/recocomp/face/search/more")).isEmpty();
        assertThat(template.match("/api/v1/engine/recocomp/face/Search")).isEmpty();
    }

    @Test
    void braceSegmentsCaptureOneSegmentEach() {
        PathTemplate template = new PathTemplate("/v1/group/{group}/face/{id}");

        assertThat(template.match("/v1/group/staff/face/42")).contains(Map.of("group", "staff", "id", "42"));
        assertThat(template.match("/v1/group/staff/face")).isEmpty();
        assertThat(template.match("/v1/group/staff/person/42")).isEmpty();
    }
}
