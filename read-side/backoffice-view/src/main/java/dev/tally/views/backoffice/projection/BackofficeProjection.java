package dev.tally.views.backoffice.projection;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The back-office view: every account (searchable), totals per currency and daily volumes per currency. A batch is
 * folded in memory ({@link BatchAggregate}) and each table is then written with one statement.
 */
@ApplicationScoped
public class BackofficeProjection implements Projection<LedgerEvent> {

    private static final Logger LOG = Logger.getLogger(BackofficeProjection.class);
    private static final EventTypes TYPES = EventTypes.ledger();

    /** Applies to table sets created from now on (a rebuild makes one); see {@link BackofficeSql#createTableSet}. */
    @ConfigProperty(name = "tally.backoffice.index-balance", defaultValue = "true")
    boolean indexBalance;

    @Override
    public EnvelopeCodec codec() {
        return LedgerCloudEvents.CODEC;
    }

    @Override
    public LedgerEvent decode(EventEnvelope envelope) {
        return TYPES.deserialize(envelope);
    }

    @Override
    public List<String> createTableSet(String schema) {
        return BackofficeSql.createTableSet(schema, indexBalance);
    }

    @Override
    public List<String> servedTables() {
        return BackofficeSql.SERVED_TABLES;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, String schema, List<Applied<LedgerEvent>> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        BatchAggregate aggregate = BatchAggregate.of(batch);
        List<AccountChange> accounts = aggregate.accountChanges();
        // The daily volumes do not depend on the accounts' write: both go out together (the connection pipelines
        // them); the currency totals need what the accounts' write answered.
        return Uni.combine().all().unis(
                        tx.preparedQuery(BackofficeSql.writeAccounts(schema)).execute(accountColumns(accounts))
                                .map(BackofficeProjection::written)
                                .chain(written -> writeCurrencyTotals(tx, schema, aggregate.currencyDeltas(written))),
                        writeDailyVolumes(tx, schema, aggregate.dailyVolumes()))
                .discardItems();
    }

    private static Uni<Void> writeCurrencyTotals(SqlConnection tx, String schema, List<CurrencyDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(BackofficeSql.addCurrencyTotals(schema)).execute(Tuple.from(List.of(
                        deltas.stream().map(CurrencyDelta::currency).toArray(String[]::new),
                        column(deltas, CurrencyDelta::accounts),
                        column(deltas, CurrencyDelta::openAccounts),
                        column(deltas, CurrencyDelta::frozenAccounts),
                        column(deltas, CurrencyDelta::deposited),
                        column(deltas, CurrencyDelta::withdrawn),
                        column(deltas, CurrencyDelta::transferred),
                        column(deltas, CurrencyDelta::balances))))
                .replaceWithVoid();
    }

    private static Uni<Void> writeDailyVolumes(SqlConnection tx, String schema, List<DailyVolumeDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(BackofficeSql.addDailyVolumes(schema)).execute(Tuple.from(List.of(
                        deltas.stream().map(DailyVolumeDelta::day).toArray(LocalDate[]::new),
                        deltas.stream().map(DailyVolumeDelta::currency).toArray(String[]::new),
                        column(deltas, DailyVolumeDelta::deposited),
                        column(deltas, DailyVolumeDelta::withdrawn),
                        column(deltas, DailyVolumeDelta::transferred),
                        column(deltas, DailyVolumeDelta::depositCount),
                        column(deltas, DailyVolumeDelta::withdrawalCount),
                        column(deltas, DailyVolumeDelta::transferCount))))
                .replaceWithVoid();
    }

    private static Tuple accountColumns(List<AccountChange> accounts) {
        int n = accounts.size();
        String[] ids = new String[n];
        Boolean[] opened = new Boolean[n];
        String[] owners = new String[n];
        String[] currencies = new String[n];
        String[] statuses = new String[n];
        Long[] balances = new Long[n];
        Long[] overdraftLimits = new Long[n];
        OffsetDateTime[] openedAt = new OffsetDateTime[n];
        OffsetDateTime[] updatedAt = new OffsetDateTime[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            AccountChange change = accounts.get(i);
            ids[i] = change.accountId();
            opened[i] = change.opened();
            owners[i] = change.ownerId();
            currencies[i] = change.currency();
            statuses[i] = change.status();
            balances[i] = change.balance();
            overdraftLimits[i] = change.overdraftLimit();
            openedAt[i] = utc(change.openedAt());
            updatedAt[i] = utc(change.updatedAt());
            versions[i] = change.version();
        }
        return Tuple.from(List.of(ids, opened, owners, currencies, statuses, balances, overdraftLimits, openedAt,
                updatedAt, versions));
    }

    /** Reads what the account statement answered, logging the accounts it could only fold half-way. */
    private static List<WrittenAccount> written(RowSet<Row> rows) {
        List<WrittenAccount> written = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            WrittenAccount account = new WrittenAccount(kind(row.getString("kind")), row.getString("account_id"),
                    row.getString("currency"), row.getString("old_status"), row.getString("new_status"));
            if (account.kind() == WrittenAccount.Kind.ORPHAN) {
                LOG.warnf("account %s has events but its opening was never applied (dead-lettered?): its money "
                        + "folds, its owner is unknown and it does not count among opened accounts",
                        account.accountId());
            } else if (account.kind() == WrittenAccount.Kind.REOPENED) {
                LOG.warnf("account %s was opened again: the repeated opening changes nothing", account.accountId());
            }
            written.add(account);
        }
        return written;
    }

    private static WrittenAccount.Kind kind(String sqlKind) {
        return switch (sqlKind) {
            case "opened" -> WrittenAccount.Kind.OPENED;
            case "orphan" -> WrittenAccount.Kind.ORPHAN;
            case "status" -> WrittenAccount.Kind.STATUS_CHANGED;
            case "reopened" -> WrittenAccount.Kind.REOPENED;
            default -> throw new IllegalStateException("unknown kind " + sqlKind);
        };
    }

    private static <T> Long[] column(List<T> rows, ToLongFunction<T> field) {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.applyAsLong(rows.get(i));
        }
        return values;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
