package dev.tally.views.accounts.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * One page of an account's statement, newest line first.
 *
 * @param totalEntries lines the statement has in all (pages = ceil(totalEntries / size))
 */
@RegisterForReflection
public record StatementPage(String accountId, int page, int size, long totalEntries, List<Entry> entries) {

    /**
     * A statement line.
     *
     * @param version      the account's stream version the line was recorded at
     * @param position     the event's global position in the ledger
     * @param kind         DEPOSIT, WITHDRAWAL, TRANSFER_IN or TRANSFER_OUT
     * @param amount       signed minor units: positive for credits, negative for debits
     * @param balanceAfter the balance right after this line
     */
    @RegisterForReflection
    public record Entry(long version, long position, Instant time, String kind, long amount, long balanceAfter,
            String reference, String counterpartyAccountId, String transferId) {

        static Entry of(StatementEntryEntity e) {
            return new Entry(e.version, e.position, e.time, e.kind, e.amount, e.balanceAfter, e.reference,
                    e.counterpartyAccountId, e.transferId);
        }
    }
}
