package io.polyface.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.reliability.Photos;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The valid requests the contracts give, and what each mutation does to one. */
class MutatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Photos PHOTOS = Photos.load();
    private static final List<ContractDocument> CONTRACTS = Dialect.found().stream().map(ContractDocument::load).toList();
    private static final Fixtures FIXTURES = Fixtures.of(CONTRACTS);
    private static final RequestFactory FACTORY = factory();
    private static final Mutator MUTATOR = new Mutator(PHOTOS);
    private static final Operation INSERT = ContractDocument.load(Dialect.DMAI).operation("POST", "/api/v1/engine/recocomp/face/insert");
    private static final Operation QINIU_ADD = ContractDocument.load(Dialect.QINIU).operation("POST", "/v1/face/groups/{group}/add");

    @Test
    void aValidRequestFollowsItsSchemaWithRealPhotosAndTheFixturesNames() throws Exception {
        FuzzRequest insert = FACTORY.baseline(INSERT, new Random(1));
        JsonNode body = ((FuzzRequest.Body.Json) insert.body()).value();
        assertThat(body.path("collection_name").asText()).isEqualTo("fz_col");
        assertThat(body.path("face_image").get(0).asText()).startsWith("/9j/");
        FuzzRequest add = FACTORY.baseline(QINIU_ADD, new Random(1));
        assertThat(add.path()).isEqualTo("/v1/face/groups/fzfaces/add");
        assertThat(((FuzzRequest.Body.Json) add.body()).value().path("image").path("uri").asText()).startsWith("data:");
    }

    @Test
    void theSameSeedMakesTheSameRequest() {
        FuzzRequest first = mutate(Mutation.DUPLICATE_KEYS, 42);
        FuzzRequest again = mutate(Mutation.DUPLICATE_KEYS, 42);
        assertThat(again.encode().bytes()).isEqualTo(first.encode().bytes());
        assertThat(again.mutation()).isEqualTo(first.mutation());
    }

    @Test
    void eachMutationChangesWhatItSays() throws Exception {
        byte[] baseline = FACTORY.baseline(INSERT, new Random(7)).encode().bytes();
        assertThat(text(Mutation.DEEP_NESTING, 7)).containsAnyOf("[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":");
        assertThat(mutate(Mutation.TRUNCATED_BODY, 7).encode().bytes().length).isLessThan(baseline.length);
        assertThat(mutate(Mutation.EMPTY_BODY, 7).encode().bytes()).isEmpty();
        assertThat(mutate(Mutation.HUGE_STRING, 7).encode().bytes().length).isGreaterThanOrEqualTo(1 << 20);
        assertThat(mutate(Mutation.WRONG_CONTENT_TYPE, 7).encode().contentType()).isNotEqualTo(Optional.of("application/json"));
        JsonNode missing = JSON.readTree(mutate(Mutation.MISSING_REQUIRED, 7).encode().bytes());
        assertThat(missing.size()).isEqualTo(JSON.readTree(baseline).size() - 1);
        String duplicated = text(Mutation.DUPLICATE_KEYS, 7);
        String key = mutate(Mutation.DUPLICATE_KEYS, 7).mutation().substring("duplicate-keys ".length());
        assertThat(duplicated.split("\"" + key + "\":", -1)).hasSize(3);
        assertThat(mutate(Mutation.PATH_TRAVERSAL, 7).path()).isNotEqualTo(FACTORY.baseline(INSERT, new Random(7)).path());
    }

    @Test
    void aBrokenImageReplacesAnImageAndOnlyAnImage() throws Exception {
        FuzzRequest valid = FACTORY.baseline(INSERT, new Random(3));
        FuzzRequest broken = MUTATOR.apply(Mutation.BROKEN_IMAGE, valid, INSERT, FACTORY.sampler(Dialect.DMAI), new Random(3))
                .orElseThrow();
        JsonNode body = ((FuzzRequest.Body.Json) broken.body()).value();
        assertThat(body.path("collection_name").asText()).isEqualTo("fz_col");
        assertThat(body.path("target_id")).isEqualTo(((FuzzRequest.Body.Json) valid.body()).value().path("target_id"));
        assertThat(body.path("face_image")).isNotEqualTo(((FuzzRequest.Body.Json) valid.body()).value().path("face_image"));
        Operation version = ContractDocument.load(Dialect.DMAI).operation("GET", "/api/v1/engine/recocomp/version");
        assertThat(MUTATOR.apply(Mutation.BROKEN_IMAGE, FACTORY.baseline(version, new Random(3)), version,
                FACTORY.sampler(Dialect.DMAI), new Random(3))).isEmpty();
    }

    private static FuzzRequest mutate(Mutation mutation, long seed) {
        return MUTATOR.apply(mutation, FACTORY.baseline(INSERT, new Random(seed)), INSERT, FACTORY.sampler(Dialect.DMAI),
                new Random(seed)).orElseThrow();
    }

    private static String text(Mutation mutation, long seed) {
        return new String(mutate(mutation, seed).encode().bytes(), StandardCharsets.UTF_8);
    }

    private static RequestFactory factory() {
        Map<Dialect, SchemaSampler> samplers = new HashMap<>();
        for (ContractDocument contract : CONTRACTS) {
            samplers.put(contract.dialect(), new SchemaSampler(contract, FIXTURES, PHOTOS));
        }
        return new RequestFactory(samplers, FIXTURES, PHOTOS);
    }
}
