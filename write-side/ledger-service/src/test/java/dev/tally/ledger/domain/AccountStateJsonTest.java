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
        AccountState state = AccountDecider.DEFAULT.fold(List.of(opened(700), deposited(1_234), frozen()));
        String text = json.writeValueAsString(state);
        assertEquals(state, json.readValue(text, AccountState.class));
        assertEquals(AccountState.NOT_OPENED, json.readValue(json.writeValueAsString(AccountState.NOT_OPENED),
                AccountState.class));
    }

    @Test
    void containsExactlyTheComponents() throws Exception {
        JsonNode node = json.readTree(json.writeValueAsString(
                new AccountState.Opened(AccountStatus.OPEN, ACC, OWNER, "EUR", -250, 500)));
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("status", "accountId", "ownerId", "currency", "balance", "overdraftLimit"), names);
        assertEquals("OPEN", node.get("status").asText());
        assertEquals(-250L, node.get("balance").longValue());
        assertEquals(true, node.get("balance").isIntegralNumber());
        assertEquals(1, AccountState.STATE_SCHEMA_VERSION);
    }

    @Test
    void readsSnapshotsWrittenBeforeTheStateWasSealed() throws Exception {
        // Exactly what schema version 1 wrote when AccountState was one record with nullable fields.
        String frozen = "{\"status\":\"FROZEN\",\"accountId\":\"acc-1\",\"ownerId\":\"user-7\",\"currency\":\"EUR\","
                + "\"balance\":-250,\"overdraftLimit\":500}";
        assertEquals(new AccountState.Opened(AccountStatus.FROZEN, ACC, OWNER, "EUR", -250, 500),
                json.readValue(frozen, AccountState.class));
        String closed = frozen.replace("FROZEN", "CLOSED");
        assertEquals(AccountStatus.CLOSED, json.readValue(closed, AccountState.class).status());
        String notOpened = "{\"status\":\"NOT_OPENED\",\"accountId\":null,\"ownerId\":null,\"currency\":null,"
                + "\"balance\":0,\"overdraftLimit\":0}";
        assertEquals(AccountState.NOT_OPENED, json.readValue(notOpened, AccountState.class));
    }

    @Test
    void writesAnOpenedAccountExactlyAsBefore() throws Exception {
        assertEquals("{\"status\":\"OPEN\",\"accountId\":\"acc-1\",\"ownerId\":\"user-7\",\"currency\":\"EUR\","
                        + "\"balance\":-250,\"overdraftLimit\":500}",
                json.writeValueAsString(new AccountState.Opened(AccountStatus.OPEN, ACC, OWNER, "EUR", -250, 500)));
        assertEquals("{\"status\":\"NOT_OPENED\"}", json.writeValueAsString(AccountState.NOT_OPENED));
    }

    @Test
    void anOpenedAccountAlwaysHasItsIdOwnerAndCurrency() {
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> new AccountState.Opened(AccountStatus.OPEN, ACC, OWNER, null, 0, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AccountState.Opened(AccountStatus.NOT_OPENED, ACC, OWNER, "EUR", 0, 0));
    }
}
