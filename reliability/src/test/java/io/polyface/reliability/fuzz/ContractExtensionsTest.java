package io.polyface.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.polyface.reliability.Photos;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the fuzzer reads from a contract's extensions, and what it refuses. */
class ContractExtensionsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Dialect EXAMPLE = Dialect.vendor("example");
    private static final ContractDocument CONTRACT = ContractDocument.load(EXAMPLE);

    @Test
    void theDialectsFoundAreThePluginsOnTheClassPathThenTheNativeProtocol() {
        List<Dialect> found = Dialect.found();
        assertThat(found).contains(Dialect.DMAI, Dialect.FACEPASS, Dialect.QINIU, Dialect.SENSETIME).last().isEqualTo(Dialect.NATIVE);
        assertThat(found.subList(0, found.size() - 1)).extracting(Dialect::id).as("the plugins, by id").isSorted()
                .doesNotHaveDuplicates();
        assertThat(EXAMPLE).isEqualTo(new Dialect("example", "/example", "contract/example-openapi.yaml"));
    }

    @Test
    void everyDialectsContractHasBothExtensions() {
        for (Dialect dialect : Dialect.found()) {
            ContractDocument contract = ContractDocument.load(dialect);
            assertThat(contract.answers()).as(dialect.id()).isNotNull();
            assertThat(contract.setupPlan()).as(dialect.id()).isNotNull();
        }
    }

    @Test
    void answersReadAsTheContractSays() throws Exception {
        AnswerRules rules = CONTRACT.answers();
        JsonNode success = json("{\"result\":\"ok\",\"box\":\"b\"}");
        assertThat(rules.code(200, success)).isEqualTo("ok");
        assertThat(rules.success(200, "ok")).isTrue();
        assertThat(rules.success(400, "ok")).as("not with HTTP 400").isFalse();
        assertThat(rules.internal(200, "broken")).isTrue();
        assertThat(rules.internal(200, "7")).as("a number in the list").isTrue();
        assertThat(rules.internal(503, "ok")).as("any HTTP 5xx").isTrue();
        assertThat(rules.internal(400, "full")).isFalse();
        assertThat(rules.envelopeProblem(200, success)).isEmpty();
        assertThat(rules.envelopeProblem(200, json("{\"result\":\"ok\"}"))).as("a success's own envelope").isPresent();
        assertThat(rules.envelopeProblem(400, json("{\"result\":\"full\"}"))).isEmpty();
        assertThat(rules.envelopeProblem(400, json("{\"result\":3}"))).isPresent();
        assertThat(rules.envelopeProblem(400, json("[1]"))).isPresent();
        assertThat(rules.unknownRoute()).contains("no such path\n");
    }

    @Test
    void theCodeMayBeTheHttpStatus() throws Exception {
        AnswerRules rules = ContractAnswers.read("contract/example-openapi.yaml", document("""
                info: {x-polyface-answers: {code: http-status, success: [200], internal: [], envelope: {}}}
                """));
        assertThat(rules.code(404, json("{}"))).isEqualTo("404");
        assertThat(rules.success(200, "200")).isTrue();
        assertThat(rules.unknownRoute()).isEmpty();
    }

    @Test
    void theSetUpPlanReadsAsTheContractSays() {
        SetupPlan plan = CONTRACT.setupPlan();
        assertThat(plan.values()).containsEntry("box", TextNode.valueOf("fzbox")).containsKey("sizes");
        assertThat(plan.valueAt("/big/{box}", "box")).contains(TextNode.valueOf("fzbigbox"));
        assertThat(plan.valueAt("/boxes/{box}", "box")).isEmpty();
        assertThat(plan.requests()).extracting(SetupPlan.Step::toString).containsExactly("POST /boxes", "POST /things");
        assertThat(plan.requests().get(0).json()).isPresent();
        assertThat(plan.requests().get(1).multipart()).isPresent();
        assertThat(plan.requests().get(1).captures()).containsOnlyKeys("thing_id");
        Fixtures fixtures = Fixtures.of(List.of(CONTRACT));
        assertThat(fixtures.value(EXAMPLE, "/boxes/{box}", "box")).contains(TextNode.valueOf("fzbox"));
        assertThat(plan.bodyReplacesQuery()).isTrue();
        assertThat(plan.sameLength()).containsExactly("images", "labels");
        assertThat(plan.last()).containsExactly("box.delete");
    }

    @Test
    void aPassDeletesWhatHoldsTheOthersObjectsLast() {
        List<Operation> contractOrder = CONTRACT.operations();

        List<Operation> pass = Fuzzer.passOrder(contractOrder, CONTRACT.setupPlan());

        assertThat(contractOrder).extracting(Operation::name).containsExactly("box.get", "box.delete", "thing.remove");
        assertThat(pass).extracting(Operation::name).containsExactly("box.get", "thing.remove", "box.delete");
    }

    @Test
    void aLastOperationTheContractDoesNotHaveIsRefused() {
        SetupPlan plan = CONTRACT.setupPlan();
        SetupPlan misnamed = new SetupPlan(plan.values(), plan.pathValues(), plan.requests(), plan.strings(), plan.unsampled(),
                plan.bodyReplacesQuery(), plan.sameLength(), Set.of("box.burn"));

        assertThatThrownBy(() -> Fuzzer.passOrder(CONTRACT.operations(), misnamed)).hasMessageContaining("box.burn");
    }

    @Test
    void sameLengthArraysAreCutToTheShortest() throws Exception {
        SchemaSampler sampler = new SchemaSampler(CONTRACT, Fixtures.of(List.of(CONTRACT)), Photos.load());
        JsonNode schema = json("""
                {"type": "object", "required": ["images", "labels", "others"], "properties": {
                 "images": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "string"}},
                 "labels": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "string"}},
                 "others": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"}}}}
                """);

        JsonNode sampled = sampler.sample("/boxes", schema, "", new Random(1));

        assertThat(sampled.path("images")).hasSize(1);
        assertThat(sampled.path("labels")).hasSize(1);
        assertThat(sampled.path("others")).as("not in same-length").hasSize(2);
    }

    @Test
    void requestsAreFilledInAsThePlanSays() throws Exception {
        SchemaSampler sampler = new SchemaSampler(CONTRACT, Fixtures.of(List.of(CONTRACT)), Photos.load());
        JsonNode sampled = sampler.sample("/boxes", json("""
                {"type": "object", "required": ["box", "link", "vector", "secret"], "properties": {"box": {"type": "string"},
                 "link": {"type": "string"}, "vector": {"type": "string"}, "secret": {"type": "string"}}}
                """), "", new Random(1));
        assertThat(sampled.path("box").asText()).as("a value").isEqualTo("fzbox");
        assertThat(sampled.path("link").asText()).as("a photo").startsWith("data:application/octet-stream;base64,/9j/");
        assertThat(Base64.getDecoder().decode(sampled.path("vector").asText())).as("4 float32s").hasSize(16);
        assertThat(sampled.has("secret")).as("unsampled").isFalse();
    }

    @Test
    void aChoiceOfRequiredMembersSendsOneOptionWhole() throws Exception {
        SchemaSampler sampler = new SchemaSampler(CONTRACT, Fixtures.of(List.of(CONTRACT)), Photos.load());
        JsonNode eitherOr = json("""
                {"type": "object", "oneOf": [{"required": ["left"]}, {"required": ["right"]}, {"required": ["secret"]}],
                 "properties": {"left": {"type": "string"}, "right": {"type": "string"}, "secret": {"type": "string"}}}
                """);
        JsonNode atLeastOne = json("""
                {"type": "object", "anyOf": [{"required": ["name"]}, {"required": ["note"]}],
                 "properties": {"name": {"type": "string"}, "note": {"type": "string"}}}
                """);

        for (int seed = 0; seed < 50; seed++) {
            JsonNode one = sampler.sample("/boxes", eitherOr, "", new Random(seed));
            JsonNode some = sampler.sample("/boxes", atLeastOne, "", new Random(seed));

            assertThat(one.has("left") ^ one.has("right")).as("left or right, not both: %s", one).isTrue();
            assertThat(one.has("secret")).as("an option naming an unsampled member is never chosen").isFalse();
            assertThat(some.has("name") || some.has("note")).as("name, note or both: %s", some).isTrue();
        }
    }

    @Test
    void aFieldTakesTheValueOfItsOperationsPathBeforeItsOwn() throws Exception {
        SchemaSampler sampler = new SchemaSampler(CONTRACT, Fixtures.of(List.of(CONTRACT)), Photos.load());
        JsonNode schema = json("""
                {"type": "object", "required": ["box"], "properties": {"box": {"type": "string"}}}
                """);

        assertThat(sampler.sample("/big/{box}/things", schema, "", new Random(1)).path("box").asText()).isEqualTo("fzbigbox");
        assertThat(sampler.sample("/boxes/{box}", schema, "", new Random(1)).path("box").asText()).isEqualTo("fzbox");
    }

    @Test
    void aMissingExtensionIsRefusedNamingTheContractAndTheKey() {
        JsonNode bare = document("openapi: 3.1.0\n");
        assertThatThrownBy(() -> ContractAnswers.read("contract/bare-openapi.yaml", bare))
                .hasMessageContaining("contract/bare-openapi.yaml").hasMessageContaining("info.x-polyface-answers");
        assertThatThrownBy(() -> SetupPlan.read("contract/bare-openapi.yaml", bare))
                .hasMessageContaining("contract/bare-openapi.yaml").hasMessageContaining("info.x-polyface-fuzz-setup");
    }

    @Test
    void aMalformedMemberIsRefusedNamingTheContractAndTheKey() {
        Map<String, String> answers = Map.of(
                "{code: err_code, success: [0], internal: [], envelope: {}}", "info.x-polyface-answers.code",
                "{code: /err_code, success: 0, internal: [], envelope: {}}", "info.x-polyface-answers.success",
                "{code: /err_code, success: [0], internal: [{a: 1}], envelope: {}}", "info.x-polyface-answers.internal",
                "{code: /err_code, success: [0], internal: []}", "info.x-polyface-answers.envelope");
        assertRefused("x-polyface-answers", answers, document -> ContractAnswers.read("contract/x-openapi.yaml", document));
        Map<String, String> setups = Map.of(
                "{requests: []}", "info.x-polyface-fuzz-setup.values",
                "{values: {}}", "info.x-polyface-fuzz-setup.requests",
                "{values: {}, requests: [{request: POST}]}", "info.x-polyface-fuzz-setup.requests[0].request",
                "{values: {}, requests: [{request: POST /a, capture: {id: id}}]}", "info.x-polyface-fuzz-setup.requests[0].capture.id",
                "{values: {}, requests: [{request: POST /a, json: {}, multipart: {}}]}", "info.x-polyface-fuzz-setup.requests[0].json",
                "{values: {}, requests: [], path-values: [{paths: '(', values: {}}]}", "info.x-polyface-fuzz-setup.path-values[0].paths",
                "{values: {}, requests: [], strings: {a: '${photo}'}}", "info.x-polyface-fuzz-setup.strings.a",
                "{values: {}, requests: [], body-replaces-query: 1}", "info.x-polyface-fuzz-setup.body-replaces-query",
                "{values: {}, requests: [], same-length: images}", "info.x-polyface-fuzz-setup.same-length");
        assertRefused("x-polyface-fuzz-setup", setups, document -> SetupPlan.read("contract/x-openapi.yaml", document));
    }

    /** @param cases per extension's text, the key its refusal must name */
    private static void assertRefused(String extension, Map<String, String> cases, Consumer<JsonNode> read) {
        cases.forEach((text, key) -> assertThatThrownBy(() -> read.accept(document("info: {" + extension + ": " + text + "}")))
                .as(text).hasMessageStartingWith("contract/x-openapi.yaml: " + key));
    }

    private static JsonNode document(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
