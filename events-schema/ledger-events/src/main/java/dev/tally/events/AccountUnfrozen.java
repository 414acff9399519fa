package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** A frozen account was released and takes debits again. */
public record AccountUnfrozen(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) String reason) implements LedgerEvent {

    public AccountUnfrozen {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
    }
}
