package dev.tally.views.accounts.fold;

import dev.tally.events.AccountOpened;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Folds a batch of ledger events onto the accounts they touch, in memory, so the projection can load those accounts
 * in one query and write the outcome in one statement per table (pure: no database here).
 */
public final class AccountsFold {

    private static final Logger LOG = Logger.getLogger(AccountsFold.class);

    private AccountsFold() {
    }

    /**
     * @param current the accounts of the batch as stored before it (missing = never seen); not modified
     * @param batch   events in log order (each stream's events in version order)
     * @return the accounts the batch changed, in the order first touched, and the new statement lines in batch order
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
            // A version beyond knownVersion + 1 is fine: the runtime dead-lettered or skipped the ones between
            // (they still take their version), and it never hands over a real gap.
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
            // Its AccountOpened was dead-lettered: keep folding the money (balances stay the fold of the applied
            // events) on an account whose owner is unknown, rather than stall the whole view on it.
            LOG.warnf("account %s has events but its opening was not applied; owner unknown", envelope.streamId());
            return AccountState.unknownOpening(envelope.streamId(), envelope.time())
                    .after(event, envelope.streamVersion(), envelope.position(), envelope.time());
        }
        if (event instanceof AccountOpened) {
            LOG.warnf("account %s is opened again at version %d (position %d); only its version moves",
                    envelope.streamId(), envelope.streamVersion(), envelope.position());
        }
        return before.after(event, envelope.streamVersion(), envelope.position(), envelope.time());
    }

    /** What a batch changes: the new state of each touched account and the statement lines it adds. */
    public record FoldResult(List<AccountState> accounts, List<StatementEntry> entries) {
    }
}
