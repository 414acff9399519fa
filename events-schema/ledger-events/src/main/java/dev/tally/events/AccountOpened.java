package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * An account was opened for {@code ownerId} in {@code currency}, allowed to go down to {@code -overdraftLimit}.
 *
 * <p>Version 2. Version 1 had no {@code overdraftLimit} (overdrafts did not exist yet); a stored v1 payload is
 * upcast to v2 with {@code overdraftLimit = 0}, which is exactly what a v1 account was allowed.
 */
public record AccountOpened(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) String ownerId,
        @JsonProperty(required = true) String currency,
        @JsonProperty(required = true) long overdraftLimit) implements LedgerEvent {

    public AccountOpened {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(currency, "currency");
    }
}
