package dev.tally.views.accounts.fold;

import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of an account's statement.
 *
 * @param version               the stream version of the event (statement lines are ordered by it)
 * @param amount                signed minor units: positive for credits, negative for debits
 * @param balanceAfter          the balance right after this line
 * @param counterpartyAccountId the other account of a transfer, else null
 * @param transferId            the transfer both halves share, else null
 */
public record StatementEntry(
        String accountId,
        long version,
        long position,
        Instant time,
        EntryKind kind,
        long amount,
        long balanceAfter,
        String reference,
        String counterpartyAccountId,
        String transferId) {

    /** The line an event adds to the statement; empty for events that move no money. */
    public static Optional<StatementEntry> of(EventEnvelope envelope, LedgerEvent event, long balanceAfter) {
        long version = envelope.streamVersion();
        long position = envelope.position();
        Instant time = envelope.time();
        long amount = event.balanceEffect();
        if (event instanceof MoneyDeposited d) {
            return Optional.of(new StatementEntry(d.accountId(), version, position, time,
                    EntryKind.DEPOSIT, amount, balanceAfter, d.reference(), null, null));
        }
        if (event instanceof MoneyWithdrawn w) {
            return Optional.of(new StatementEntry(w.accountId(), version, position, time,
                    EntryKind.WITHDRAWAL, amount, balanceAfter, w.reference(), null, null));
        }
        if (event instanceof TransferSent s) {
            return Optional.of(new StatementEntry(s.accountId(), version, position, time,
                    EntryKind.TRANSFER_OUT, amount, balanceAfter, s.reference(), s.toAccountId(), s.transferId()));
        }
        if (event instanceof TransferReceived r) {
            return Optional.of(new StatementEntry(r.accountId(), version, position, time,
                    EntryKind.TRANSFER_IN, amount, balanceAfter, r.reference(), r.fromAccountId(), r.transferId()));
        }
        return Optional.empty();
    }
}
