package io.polyface.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzRequestTest {

    private static boolean leaves(String path) {
        return new FuzzRequest("GET", path, List.of(), new FuzzRequest.Body.None(), "test").leavesThePrefix();
    }

    @Test
    void literalDotSegmentsAboveThePrefixLeaveIt() {
        assertThat(leaves("/..")).isTrue();
        assertThat(leaves("/a/../..")).isTrue();
        assertThat(leaves("/./..")).isTrue();
        assertThat(leaves("/..?x=1")).isTrue();
    }

    @Test
    void pathsThatStayBelowThePrefixOrAreEncodedDoNotLeaveIt() {
        assertThat(leaves("/v1/face/groups/..")).isFalse();
        assertThat(leaves("/a/./b/../c")).isFalse();
        assertThat(leaves("/%2e%2e")).as("an encoded dot segment is not one (RFC 3986)").isFalse();
        assertThat(leaves("/..%2f..%2fadmin")).isFalse();
        assertThat(leaves("/version?path=/../..")).as("the query is not the path").isFalse();
    }
}
