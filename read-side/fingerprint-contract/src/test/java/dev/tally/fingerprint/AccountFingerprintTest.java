package dev.tally.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wire shape of a fingerprint row, as a view's Jackson writes it: the key and exactly the reported fields, named
 * as {@link FingerprintField} says, in the record's order; the enum and the record agree on names and types.
 */
class AccountFingerprintTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRowCarriesTheKeyAndExactlyItsReportedFields() throws Exception {
        AccountFingerprint backoffice = AccountFingerprint.of("a-1", "EUR", 500, 2).withStatus("OPEN");
        assertEquals("{\"accountId\":\"a-1\",\"currency\":\"EUR\",\"balance\":500,\"version\":2,\"status\":\"OPEN\"}",
                json.writeValueAsString(backoffice));
        AccountFingerprint accounts = backoffice.withStatement(1, 500);
        assertEquals(List.of("accountId", "currency", "balance", "version", "status", "statementLines", "statementSum"),
                keys(accounts));
        AccountFingerprint audit = AccountFingerprint.of("a-1", "EUR", -30, 3).withJournal(3, -30);
        assertEquals(List.of("accountId", "currency", "balance", "version", "journalEntries", "journalSum"),
                keys(audit));
        assertEquals(EnumSet.of(FingerprintField.CURRENCY, FingerprintField.BALANCE, FingerprintField.VERSION,
                FingerprintField.JOURNAL_ENTRIES, FingerprintField.JOURNAL_SUM), audit.reported());
        assertEquals(Set.copyOf(keys(audit)), AccountFingerprint.wireNames(audit.reported()));
    }

    @Test
    void everyReportedFieldIsOnTheWireUnderItsName() throws Exception {
        AccountFingerprint all = AccountFingerprint.of("a-1", "USD", 7, 4).withStatus("FROZEN").withStatement(2, 7)
                .withJournal(4, 7);
        JsonNode tree = json.valueToTree(all);
        assertEquals("a-1", tree.get(AccountFingerprint.ACCOUNT_ID).asText());
        for (FingerprintField field : FingerprintField.values()) {
            JsonNode node = tree.get(field.wireName());
            assertNotNull(node, field.wireName());
            Object value = field.valueIn(all);
            assertTrue(field.type().isInstance(value), field + ": " + value);
            assertEquals(value, field.type() == Long.class ? (Object) node.asLong() : node.asText(), field.name());
        }
        assertEquals(FingerprintField.values().length + 1, tree.size());
    }

    @Test
    void theEnumNamesEveryComponentOfTheRecordWithItsType() {
        Map<String, Class<?>> components = new LinkedHashMap<>();
        for (RecordComponent component : AccountFingerprint.class.getRecordComponents()) {
            components.put(component.getName(), component.getType());
        }
        Map<String, Class<?>> named = new LinkedHashMap<>();
        named.put(AccountFingerprint.ACCOUNT_ID, String.class);
        for (FingerprintField field : FingerprintField.values()) {
            named.put(field.wireName(), field.type());
        }
        assertEquals(Set.copyOf(components.entrySet()), Set.copyOf(named.entrySet()));
    }

    @Test
    void theKeyIsRequiredAndUnreportedFieldsAreNull() {
        assertThrows(NullPointerException.class, () -> AccountFingerprint.of(null, "EUR", 0, 1));
        AccountFingerprint row = AccountFingerprint.of("a-1", "EUR", 0, 1);
        assertNull(FingerprintField.STATUS.valueIn(row));
        assertEquals(EnumSet.of(FingerprintField.CURRENCY, FingerprintField.BALANCE, FingerprintField.VERSION),
                row.reported());
    }

    @Test
    void theRecordIsRegisteredForReflectionInNativeImages() throws Exception {
        String metadata = "META-INF/native-image/dev.tally/tally-fingerprint-contract/reflect-config.json";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(metadata)) {
            assertNotNull(in, metadata);
            List<String> names = Arrays.stream(json.readValue(in, JsonNode[].class))
                    .map(entry -> entry.path("name").asText()).toList();
            assertEquals(List.of(AccountFingerprint.class.getName()), names);
        }
    }

    private List<String> keys(AccountFingerprint row) {
        return List.copyOf(json.convertValue(row, new TypeReference<LinkedHashMap<String, Object>>() { }).keySet());
    }
}
