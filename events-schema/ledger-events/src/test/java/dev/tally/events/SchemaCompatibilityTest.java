package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker behind {@link SchemaContractTest} catches each kind of incompatible change, and only those. */
class SchemaCompatibilityTest {

    private static JsonNode publishedDeposit() {
        return JsonSchemas.read(JsonSchemas.PUBLISHED_SCHEMAS.resolve("MoneyDeposited.v1.json"));
    }

    private static List<String> afterEdit(Consumer<ObjectNode> edit) {
        ObjectNode edited = publishedDeposit().deepCopy();
        edit.accept(edited);
        return SchemaCompatibility.compare(publishedDeposit(), edited);
    }

    private static ObjectNode properties(ObjectNode schema) {
        return (ObjectNode) schema.get("properties");
    }

    @Test
    void anUnchangedSchemaIsCompatible() {
        assertEquals(List.of(), afterEdit(s -> { }));
    }

    @Test
    void editingDocumentationIsCompatible() {
        assertEquals(List.of(), afterEdit(s -> {
            s.put("description", "reworded");
            ((ObjectNode) properties(s).get("amount")).put("description", "in cents");
        }));
    }

    @Test
    void addingAnOptionalFieldIsCompatible() {
        assertEquals(List.of(), afterEdit(s -> properties(s).putObject("channel").put("type", "string")));
    }

    @Test
    void removingAFieldIsNot() {
        assertEquals(List.of("field 'reference' removed", "field 'reference' is no longer required"),
                afterEdit(s -> {
                    properties(s).remove("reference");
                    removeRequired(s, "reference");
                }));
    }

    @Test
    void retypingAFieldIsNot() {
        List<String> problems = afterEdit(s -> ((ObjectNode) properties(s).get("amount")).put("type", "number"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("field 'amount' changed type from \"integer\" to \"number\""), problems.get(0));
    }

    @Test
    void tighteningAConstraintIsNot() {
        List<String> problems = afterEdit(s -> ((ObjectNode) properties(s).get("reference")).put("maxLength", 100));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("field 'reference' changed its constraints"), problems.get(0));
    }

    @Test
    void aNewRequiredFieldIsNot() {
        assertEquals(List.of("new required field 'channel'"), afterEdit(s -> {
            properties(s).putObject("channel").put("type", "string");
            ((ArrayNode) s.get("required")).add("channel");
        }));
    }

    @Test
    void makingARequiredFieldOptionalIsNot() {
        assertEquals(List.of("field 'currency' is no longer required"), afterEdit(s -> removeRequired(s, "currency")));
    }

    @Test
    void openingOrRetypingTheObjectIsNot() {
        assertEquals(List.of("keyword 'additionalProperties' changed from false to true"),
                afterEdit(s -> s.put("additionalProperties", true)));
    }

    record GoodDeposit(
            @JsonProperty(required = true) String accountId,
            @JsonProperty(required = true) long amount,
            @JsonProperty(required = true) String currency,
            @JsonProperty(required = true) String reference) {
    }

    record FloatingDeposit(
            @JsonProperty(required = true) String accountId,
            @JsonProperty(required = true) double amount,
            @JsonProperty(required = true) String currency,
            @JsonProperty(required = true) String reference) {
    }

    record DepositWithExtraAndMissing(
            @JsonProperty(required = true) String accountId,
            @JsonProperty(required = true) long amount,
            @JsonProperty(required = true) String currency,
            @JsonProperty(required = true) String channel) {
    }

    record DepositWithOptionalReference(
            @JsonProperty(required = true) String accountId,
            @JsonProperty(required = true) long amount,
            @JsonProperty(required = true) String currency,
            String reference) {
    }

    record DepositWithStringAmount(
            @JsonProperty(required = true) String accountId,
            @JsonProperty(required = true) String amount,
            @JsonProperty(required = true) String currency,
            @JsonProperty(required = true) String reference) {
    }

    @Test
    void aRecordMatchingItsSchemaPasses() {
        assertEquals(List.of(), SchemaCompatibility.recordMatchesSchema(GoodDeposit.class, publishedDeposit()));
    }

    @Test
    void aFloatingPointAmountIsRejected() {
        assertEquals(List.of("component 'amount' has a Java type with no JSON counterpart here: double"),
                SchemaCompatibility.recordMatchesSchema(FloatingDeposit.class, publishedDeposit()));
    }

    @Test
    void aRecordWhoseTypeDiffersFromTheSchemaIsRejected() {
        assertEquals(List.of("component 'amount' is String (JSON string) but the schema says integer"),
                SchemaCompatibility.recordMatchesSchema(DepositWithStringAmount.class, publishedDeposit()));
    }

    @Test
    void componentsAndPropertiesMustBeTheSameSet() {
        assertEquals(List.of(
                        "component 'channel' is missing from the schema",
                        "schema property 'reference' has no record component"),
                SchemaCompatibility.recordMatchesSchema(DepositWithExtraAndMissing.class, publishedDeposit()));
    }

    @Test
    void requiredMustMatch() {
        assertEquals(List.of("component 'reference' is not @JsonProperty(required = true) but the schema requires it"),
                SchemaCompatibility.recordMatchesSchema(DepositWithOptionalReference.class, publishedDeposit()));
    }

    private static void removeRequired(ObjectNode schema, String name) {
        ArrayNode required = (ArrayNode) schema.get("required");
        for (int i = 0; i < required.size(); i++) {
            if (required.get(i).asText().equals(name)) {
                required.remove(i);
                return;
            }
        }
    }
}
