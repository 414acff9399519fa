package dev.tally.ledger.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.fingerprint.AccountFingerprint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The auditor's edge: a view's fingerprint page, parsed once into typed rows, or refused as that view's error. */
class ViewPageTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rowsAreTypedWithTheFieldsTheViewReports() throws Exception {
        ViewPage page = ViewPage.parse(json.readTree("""
                {"view": "backoffice-view", "frontier": 42, "accounts": [
                  {"accountId": "a-1", "currency": "EUR", "balance": -30, "version": 3, "status": "FROZEN"},
                  {"accountId": "a-2", "currency": "USD", "balance": 0, "version": 1, "journalEntries": 1,
                   "journalSum": 0, "somethingNew": true}]}"""));
        assertEquals(42, page.frontier());
        assertEquals(List.of(
                        AccountFingerprint.of("a-1", "EUR", -30, 3).withStatus("FROZEN"),
                        AccountFingerprint.of("a-2", "USD", 0, 1).withJournal(1, 0)),
                page.accounts());
        assertNull(page.accounts().get(1).status(), "not reported, so not compared");
    }

    @Test
    void whatAViewWritesIsReadBackAsTheSameRecords() {
        // The views' side of the contract: Quarkus REST's Jackson writes the runtime's page around these rows.
        List<AccountFingerprint> rows = List.of(
                AccountFingerprint.of("a-1", "EUR", 500, 2).withStatus("OPEN").withStatement(1, 500),
                AccountFingerprint.of("a-2", "EUR", 500, 2).withStatus("OPEN"),
                AccountFingerprint.of("a-3", "GBP", 7, 4).withJournal(4, 7));
        JsonNode written = json.valueToTree(Map.of("view", "accounts-view", "frontier", 9, "accounts", rows));
        ViewPage page = ViewPage.parse(written);
        assertEquals(9, page.frontier());
        assertEquals(rows, page.accounts());
    }

    @Test
    void anAnswerOfAnotherShapeIsRefused() {
        for (String answer : List.of(
                "[]",
                "{\"accounts\": []}",
                "{\"frontier\": \"7\", \"accounts\": []}",
                "{\"frontier\": 7}",
                "{\"frontier\": 7, \"accounts\": {}}",
                "{\"frontier\": 7, \"accounts\": [{\"balance\": 1}]}",
                "{\"frontier\": 7, \"accounts\": [{\"accountId\": 12}]}",
                "{\"frontier\": 7, \"accounts\": [{\"accountId\": \"a\", \"balance\": \"1\"}]}",
                "{\"frontier\": 7, \"accounts\": [{\"accountId\": \"a\", \"balance\": 1.5}]}",
                "{\"frontier\": 7, \"accounts\": [{\"accountId\": \"a\", \"version\": null}]}",
                "{\"frontier\": 7, \"accounts\": [{\"accountId\": \"a\", \"status\": 1}]}")) {
            ViewClient.ViewCallException refused = assertThrows(ViewClient.ViewCallException.class,
                    () -> ViewPage.parse(json.readTree(answer)), answer);
            assertTrue(refused.getMessage().startsWith("answered "), refused.getMessage());
        }
    }
}
