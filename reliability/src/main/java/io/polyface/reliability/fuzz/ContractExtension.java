package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One {@code x-polyface-*} extension of a contract's {@code info} (there, unlike at the top of the
 * document, a schema validator loading the whole document does not take it for a keyword), read
 * member by member: a member that is missing or of the wrong kind is refused with a message naming
 * the contract and the key.
 *
 * @param contract the contract's class-path resource, for messages
 * @param key the extension's key, e.g. {@code info.x-polyface-answers}
 */
record ContractExtension(String contract, String key, JsonNode node) {
    ContractExtension {
        requireNonNull(contract, "contract is null");
        requireNonNull(key, "key is null");
        requireNonNull(node, "node is null");
    }

    /** The extension in a contract document's {@code info}; refused when it is missing or not an object. */
    static ContractExtension of(String contract, JsonNode document, String extension) {
        JsonNode node = document.path("info").path(extension);
        String key = "info." + extension;
        if (!node.isObject()) {
            throw new IllegalStateException(contract + " has no " + key + " object: the fuzzer reads the dialect from it"
                    + " (docs/reliability.md)");
        }
        return new ContractExtension(contract, key, node);
    }

    String text(String member) {
        return optionalText(member).orElseThrow(() -> refused(member, "is missing or not a text"));
    }

    Optional<String> optionalText(String member) {
        return optional(member, JsonNode::isTextual, "a text").map(JsonNode::asText);
    }

    JsonNode object(String member) {
        return optionalObject(member).orElseThrow(() -> refused(member, "is missing or not an object"));
    }

    Optional<JsonNode> optionalObject(String member) {
        return optional(member, JsonNode::isObject, "an object");
    }

    /** The member, if present; refused when it is not of the kind. */
    private Optional<JsonNode> optional(String member, Predicate<JsonNode> isKind, String kind) {
        JsonNode value = node.path(member);
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!isKind.test(value)) {
            throw refused(member, "is not " + kind);
        }
        return Optional.of(value);
    }

    /** An object of texts, each of the given form; empty when it is missing. */
    Map<String, String> namedTexts(String member, Pattern form, String formName) {
        Map<String, String> texts = new LinkedHashMap<>();
        optionalObject(member).ifPresent(object -> {
            ContractExtension members = new ContractExtension(contract, key + "." + member, object);
            object.fieldNames().forEachRemaining(name -> {
                String text = members.text(name);
                if (!form.matcher(text).matches()) {
                    throw members.refused(name, "is not " + formName + ": " + text);
                }
                texts.put(name, text);
            });
        });
        return texts;
    }

    /** A list of scalars, as texts ({@code [500, 1001]} reads as {@code "500", "1001"}). */
    List<String> texts(String member) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : list(member)) {
            if (!item.isValueNode() || item.isNull()) {
                throw refused(member, "holds " + item + ", not a text or a number");
            }
            texts.add(item.asText());
        }
        return List.copyOf(texts);
    }

    /** A list of objects, each read as an extension of its own (messages name it {@code key.member[i]}). */
    List<ContractExtension> objects(String member) {
        JsonNode value = list(member);
        List<ContractExtension> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw refused(member + "[" + i + "]", "is not an object");
            }
            items.add(new ContractExtension(contract, key + "." + member + "[" + i + "]", value.get(i)));
        }
        return List.copyOf(items);
    }

    private JsonNode list(String member) {
        JsonNode value = node.path(member);
        if (!value.isArray()) {
            throw refused(member, "is missing or not a list");
        }
        return value;
    }

    /** A message naming the contract and the member's key. */
    IllegalStateException refused(String member, String problem) {
        return new IllegalStateException(contract + ": " + key + "." + member + " " + problem);
    }
}
