package dev.tally.views.backoffice.projection;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.projection.Applied;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * A batch of ledger events folded in memory into one change per account, one delta per currency and one delta per
 * (UTC day, currency), so that each table is written with one set-based statement. Pure: no I/O.
 *
 * <p>The account counters of the currency totals need to know which accounts existed before the batch and in which
 * status, which only the table knows; {@link #currencyDeltas(Collection)} takes what the account statement reports.
 */
public final class BatchAggregate {

    private static final Logger LOG = Logger.getLogger(BatchAggregate.class);

    private final Map<String, AccountChange> accounts = new LinkedHashMap<>();
    private final Map<String, CurrencyDelta> currencies = new TreeMap<>();
    private final Map<DailyVolumeDelta.Key, DailyVolumeDelta> volumes = new TreeMap<>();

    private BatchAggregate() {
    }

    /** Folds a batch; the runtime hands each stream's events in version order. */
    public static BatchAggregate of(List<Applied<LedgerEvent>> batch) {
        BatchAggregate aggregate = new BatchAggregate();
        for (Applied<LedgerEvent> applied : batch) {
            aggregate.add(applied.envelope(), applied.event());
        }
        return aggregate;
    }

    private void add(EventEnvelope envelope, LedgerEvent event) {
        String accountId = envelope.streamId();
        Instant at = envelope.time();
        long version = envelope.streamVersion();
        if (event instanceof AccountOpened opened) {
            AccountChange earlier = accounts.get(accountId);
            if (earlier == null) {
                accounts.put(accountId, AccountChange.opening(accountId, opened.ownerId(), opened.currency(),
                        opened.overdraftLimit(), at, version));
            } else {
                // Never written so by the write side; folding on beats stalling the whole view on it.
                LOG.warnf("account %s opened again at version %d: only its version moves", accountId, version);
                accounts.put(accountId, earlier.next(null, 0, null, at, version));
            }
            return;
        }
        AccountChange before = accounts.getOrDefault(accountId, AccountChange.existing(accountId, at, version));
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String currency = null;
        if (event instanceof MoneyDeposited deposit) {
            currency = deposit.currency();
            addMoney(currency, deposit.amount(), 0, 0, event.balanceEffect());
            addVolume(day, currency, volume -> volume.plusDeposit(deposit.amount()));
        } else if (event instanceof MoneyWithdrawn withdrawal) {
            currency = withdrawal.currency();
            addMoney(currency, 0, withdrawal.amount(), 0, event.balanceEffect());
            addVolume(day, currency, volume -> volume.plusWithdrawal(withdrawal.amount()));
        } else if (event instanceof TransferSent sent) {
            currency = sent.currency();
            addMoney(currency, 0, 0, sent.amount(), event.balanceEffect());
            addVolume(day, currency, volume -> volume.plusTransfer(sent.amount()));
        } else if (event instanceof TransferReceived received) {
            // The money arrives from an account of the same currency: the sum of balances is unchanged once both
            // halves are applied, and the volume was counted on the sent half.
            currency = received.currency();
            addMoney(currency, 0, 0, 0, event.balanceEffect());
        }
        accounts.put(accountId, before.next(currency, event.balanceEffect(), statusAfter(event), at, version));
    }

    private static String statusAfter(LedgerEvent event) {
        if (event instanceof AccountFrozen) {
            return AccountStatuses.FROZEN;
        }
        if (event instanceof AccountUnfrozen) {
            return AccountStatuses.OPEN;
        }
        if (event instanceof AccountClosed) {
            return AccountStatuses.CLOSED;
        }
        return null;
    }

    private CurrencyDelta currency(String code) {
        return currencies.getOrDefault(code, CurrencyDelta.zero(code));
    }

    private void addMoney(String code, long deposited, long withdrawn, long transferred, long balanceEffect) {
        currencies.put(code, currency(code).plusMoney(deposited, withdrawn, transferred, balanceEffect));
    }

    private void addVolume(LocalDate day, String code, UnaryOperator<DailyVolumeDelta> change) {
        DailyVolumeDelta.Key key = new DailyVolumeDelta.Key(day, code);
        volumes.put(key, change.apply(volumes.getOrDefault(key, DailyVolumeDelta.zero(day, code))));
    }

    /** One change per account touched by the batch, in the order the accounts first appear. */
    public List<AccountChange> accountChanges() {
        return List.copyOf(accounts.values());
    }

    /**
     * The currency deltas: the money of the batch's events plus the account counters moved by what the account
     * statement wrote (accounts opened, status transitions; orphans and repeated openings count no account). Deltas
     * that change nothing are left out. Sorted by currency.
     */
    public List<CurrencyDelta> currencyDeltas(Collection<WrittenAccount> written) {
        Map<String, CurrencyDelta> result = new TreeMap<>(currencies);
        for (WrittenAccount account : written) {
            StatusTransition transition = switch (account.kind()) {
                case OPENED -> new StatusTransition(account.currency(), null, account.newStatus());
                case STATUS_CHANGED -> new StatusTransition(account.currency(), account.oldStatus(),
                        account.newStatus());
                case ORPHAN, REOPENED -> null;
            };
            if (transition == null) {
                continue;
            }
            CurrencyDelta delta = result.getOrDefault(transition.currency(), CurrencyDelta.zero(transition.currency()))
                    .plus(transition);
            boolean opened = account.kind() == WrittenAccount.Kind.OPENED;
            result.put(transition.currency(), opened ? delta.plusOpened() : delta);
        }
        return result.values().stream().filter(delta -> !delta.isZero()).toList();
    }

    /** One delta per (UTC day of the event time, currency) with money moved, sorted by day then currency. */
    public List<DailyVolumeDelta> dailyVolumes() {
        return List.copyOf(volumes.values());
    }
}
