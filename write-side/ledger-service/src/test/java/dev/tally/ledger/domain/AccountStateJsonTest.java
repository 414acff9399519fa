package dev.tally.ledger.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.tally.ledger.domain.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state is the snapshot payload: plain JSON, integer money, and it reads back identical. */
class AccountStateJsonTest {

    // Strict on purpose: a helper method leaking into the JSON would break reading it back.
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void roundTrips() throws Exception {
        AccountState state = AccountDecider.fold(List.of(opened(700), deposited(1_234), frozen()));
        String text = json.writeValueAsString(state);
        assertEquals(state, json.readValue(text, AccountState.class));
        assertEquals(AccountState.NOT_OPENED, json.readValue(json.writeValueAsString(AccountState.NOT_OPENED),
                AccountState.class));
    }

    @Test
    void containsExactlyTheComponents() throws Exception {
        JsonNode node = json.readTree(json.writeValueAsString(
                new AccountState(AccountStatus.OPEN, ACC, OWNER, "EUR", -250, 500)));
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("status", "accountId", "ownerId", "currency", "balance", "overdraftLimit"), names);
        assertEquals("OPEN", node.get("status").asText());
        assertEquals(-250L, node.get("balance").longValue());
        assertEquals(true, node.get("balance").isIntegralNumber());
        assertEquals(1, AccountState.STATE_SCHEMA_VERSION);
    }
}
