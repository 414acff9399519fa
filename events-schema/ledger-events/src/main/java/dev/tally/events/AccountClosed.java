package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** The account was closed at a zero balance; a closed account takes nothing any more. */
public record AccountClosed(
        @JsonProperty(required = true) String accountId) implements LedgerEvent {

    public AccountClosed {
        Objects.requireNonNull(accountId, "accountId");
    }
}
