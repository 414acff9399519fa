package dev.tally.views.accounts.api;

import dev.tally.views.accounts.fold.AccountState;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * An account as its holder sees it; also each event of the live stream.
 *
 * @param balance        minor units of {@code currency}
 * @param overdraftLimit how far below zero the balance may go, in minor units
 * @param version        the account's stream version this state reflects (the {@code If-Match} for the next command)
 */
@RegisterForReflection
public record AccountView(
        String accountId,
        String ownerId,
        String currency,
        long balance,
        long overdraftLimit,
        String status,
        long version,
        Instant updatedAt) {

    static AccountView of(AccountEntity a) {
        return new AccountView(a.accountId, a.ownerId, a.currency, a.balance, a.overdraftLimit, a.status, a.version,
                a.updatedAt);
    }

    static AccountView of(AccountState a) {
        return new AccountView(a.accountId(), a.ownerId(), a.currency(), a.balance(), a.overdraftLimit(),
                a.status().name(), a.version(), a.updatedAt());
    }
}
