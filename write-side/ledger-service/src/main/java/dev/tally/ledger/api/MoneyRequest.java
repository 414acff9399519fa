package dev.tally.ledger.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of a deposit or a withdrawal: an amount in minor units and the caller's reference. */
public record MoneyRequest(
        @NotNull @Positive Long amount,
        @Size(max = 140) String reference) {}
