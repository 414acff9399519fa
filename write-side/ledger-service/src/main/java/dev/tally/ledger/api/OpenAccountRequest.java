package dev.tally.ledger.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /accounts}. The overdraft limit is in minor units of the currency; absent means none. The owner
 * may be omitted by a customer (it is then the token's subject); staff must name it.
 */
public record OpenAccountRequest(
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "may contain only letters, digits and . _ @ -")
        String ownerId,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code such as EUR")
        String currency,
        @PositiveOrZero
        Long overdraftLimit) {}
