package dev.tally.views.backoffice.api;

import dev.tally.views.backoffice.query.AccountRow;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** An account as the back office sees it; money in minor units of {@code currency}. */
@RegisterForReflection
public record AccountJson(
        String accountId,
        String ownerId,
        String currency,
        String status,
        long balance,
        long overdraftLimit,
        Instant openedAt,
        Instant updatedAt,
        long version) {

    static AccountJson of(AccountRow row) {
        return new AccountJson(row.accountId, row.ownerId, row.currency, row.status, row.balance, row.overdraftLimit,
                row.openedAt, row.updatedAt, row.version);
    }
}
