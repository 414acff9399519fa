package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The debit half of a transfer, on the <em>source</em> account's stream. Its credit half is the
 * {@link TransferReceived} with the same {@code transferId} on {@code toAccountId}'s stream, committed in the same
 * transaction (see {@link LedgerEvent} for why a transfer is two events).
 */
public record TransferSent(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) String transferId,
        @JsonProperty(required = true) String toAccountId,
        @JsonProperty(required = true) long amount,
        @JsonProperty(required = true) String currency,
        @JsonProperty(required = true) String reference) implements LedgerEvent {

    public TransferSent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public long balanceEffect() {
        return -amount;
    }
}
