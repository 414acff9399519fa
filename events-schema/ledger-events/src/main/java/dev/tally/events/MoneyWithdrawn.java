package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** Money was paid out of the account: the balance shrinks by {@code amount} minor units. */
public record MoneyWithdrawn(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) long amount,
        @JsonProperty(required = true) String currency,
        @JsonProperty(required = true) String reference) implements LedgerEvent {

    public MoneyWithdrawn {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public long balanceEffect() {
        return -amount;
    }
}
