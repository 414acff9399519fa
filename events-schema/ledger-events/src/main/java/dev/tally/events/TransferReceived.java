package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The credit half of a transfer, on the <em>destination</em> account's stream. Its debit half is the
 * {@link TransferSent} with the same {@code transferId} on {@code fromAccountId}'s stream, committed in the same
 * transaction (see {@link LedgerEvent} for why a transfer is two events).
 */
public record TransferReceived(
        @JsonProperty(required = true) String accountId,
        @JsonProperty(required = true) String transferId,
        @JsonProperty(required = true) String fromAccountId,
        @JsonProperty(required = true) long amount,
        @JsonProperty(required = true) String currency,
        @JsonProperty(required = true) String reference) implements LedgerEvent {

    public TransferReceived {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public long balanceEffect() {
        return amount;
    }
}
