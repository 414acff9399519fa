package dev.tally.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A fact recorded in the ledger. Every event belongs to exactly one account stream (its {@link #accountId()}).
 *
 * <h2>Why a transfer is two events</h2>
 * A transfer between accounts A and B is recorded as <em>one event per affected account</em>:
 * {@link TransferSent} on A's stream and {@link TransferReceived} on B's stream, appended together in a single
 * database transaction (a multi-stream append, each stream with its own expected version) and linked by the same
 * {@code transferId}. The alternative, one {@code Transferred} event stored on only one of the streams (or on a
 * third "transfer" stream), would make an account's balance depend on events outside its own stream. With one event
 * per account:
 * <ul>
 *   <li>each account's balance is the fold of its own stream alone (the conservation law checks exactly that);</li>
 *   <li>each stream's optimistic-concurrency guard covers every change to that account, so two concurrent
 *       transfers out of the same account cannot both pass the overdraft check;</li>
 *   <li>per-stream ordering on Kafka (the stream id is the record key) orders every balance change of an account.</li>
 * </ul>
 * The pair is still recognisable as one business operation through {@code transferId}, and because both events are
 * committed atomically no reader that has caught up ever sees one half only.
 *
 * <h2>Money</h2>
 * Amounts are {@code long} counts of minor units (cents for EUR/USD) plus an ISO-4217 currency code. There is no
 * floating point anywhere; an amount on a money event is always positive, its direction is given by the event type
 * (see {@link #balanceEffect()}).
 *
 * <h2>Versioning</h2>
 * Each event type has a name (its simple class name) and a schema version, both kept by {@link EventTypes}, with a
 * JSON Schema per version under {@code schemas/ledger/<Name>.v<N>.json}. The records here are always the
 * <em>current</em> version; older stored payloads are upcast on read.
 */
public sealed interface LedgerEvent
        permits AccountOpened, MoneyDeposited, MoneyWithdrawn, TransferSent, TransferReceived,
                AccountFrozen, AccountUnfrozen, AccountClosed {

    /** The account whose stream this event belongs to; also the stream id and the Kafka key. */
    String accountId();

    /**
     * How this event changes its account's balance, in minor units: positive for credits, negative for debits,
     * zero for events that move no money. The balance of an account is the sum of this over its stream.
     */
    @JsonIgnore
    default long balanceEffect() {
        return 0L;
    }
}
