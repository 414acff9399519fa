package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** The account was frozen: from now on it takes no debits (credits still land) until it is unfrozen. */
public record AccountFrozen(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) String reason) implements LedgerEvent {

    public AccountFrozen {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
    }
}
