package dev.tally.ledger.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /transfers}. Both accounts must hold the same currency. */
public record TransferRequest(
        @NotNull String fromAccountId,
        @NotNull String toAccountId,
        @NotNull @Positive Long amount,
        @Size(max = 140) String reference) {}
