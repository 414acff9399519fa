package dev.tally.views.accounts.fold;

import dev.tally.events.AccountOpened;
import dev.tally.events.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch of ledger events onto the accounts they touch, in memory, so the projection can load those accounts
 * in one query and write the outcome in one statement per table (pure: no database here).
 */
public final class AccountsFold {

    private AccountsFold() {
    }

    /**
     * @param current the accounts of the batch as stored before it (missing = never seen); not modified
     * @param batch   events in log order (each stream's events in version order)
     * @return the accounts the batch changed, in the order first touched, and the new statement lines in batch order
     * @throws IllegalStateException when an event cannot be folded honestly: on an account the view never saw opened,
     *                               or with a stream version gap
     */
    public static FoldResult fold(Map<String, AccountState> current, List<Applied<LedgerEvent>> batch) {
        Map<String, AccountState> changed = new LinkedHashMap<>();
        List<StatementEntry> entries = new ArrayList<>();
        for (Applied<LedgerEvent> applied : batch) {
            EventEnvelope envelope = applied.envelope();
            String accountId = envelope.streamId();
            AccountState before = changed.containsKey(accountId) ? changed.get(accountId) : current.get(accountId);
            long version = envelope.streamVersion();
            long knownVersion = before == null ? 0L : before.version();
            if (version <= knownVersion) {
                continue; // already folded: a redelivery changes nothing
            }
            if (version != knownVersion + 1) {
                throw new IllegalStateException("account " + accountId + " is at version " + knownVersion
                        + " but the next event has version " + version + " (position " + envelope.position() + ")");
            }
            AccountState after = next(before, applied.event(), envelope);
            changed.put(accountId, after);
            StatementEntry.of(envelope, applied.event(), after.balance()).ifPresent(entries::add);
        }
        return new FoldResult(List.copyOf(changed.values()), entries);
    }

    private static AccountState next(AccountState before, LedgerEvent event, EventEnvelope envelope) {
        if (before == null) {
            if (event instanceof AccountOpened opened) {
                return AccountState.opened(opened, envelope.streamVersion(), envelope.position(), envelope.time());
            }
            throw new IllegalStateException("event " + envelope.type() + " at position " + envelope.position()
                    + " is for account " + envelope.streamId() + ", which the view has not seen opened");
        }
        return before.after(event, envelope.streamVersion(), envelope.position(), envelope.time());
    }

    /** What a batch changes: the new state of each touched account and the statement lines it adds. */
    public record FoldResult(List<AccountState> accounts, List<StatementEntry> entries) {
    }
}
