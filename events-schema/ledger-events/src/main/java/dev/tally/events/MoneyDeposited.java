package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/** Money was paid into the account: the balance grows by {@code amount} minor units. */
public record MoneyDeposited(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) long amount,
        @JsonProperty(required = true) String currency,
        @JsonProperty(required = true) String reference) implements LedgerEvent {

    public MoneyDeposited {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public long balanceEffect() {
        return amount;
    }
}
