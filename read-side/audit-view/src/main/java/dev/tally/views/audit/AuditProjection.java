package dev.tally.views.audit;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import dev.tally.projection.Projection;
import dev.tally.views.audit.fold.AccountAudit;
import dev.tally.views.audit.fold.AuditFold;
import dev.tally.views.audit.fold.Flag;
import dev.tally.views.audit.fold.FlagRules;
import dev.tally.views.audit.fold.JournalEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The audit view's projection: every event into the journal, flags for compliance, and per account the state the
 * fold continues from. One batch = one read of the touched accounts' state, then one set-based statement per table.
 */
@ApplicationScoped
public class AuditProjection implements Projection<LedgerEvent> {

    private final AuditFold fold;

    AuditProjection(AuditConfig config) {
        this.fold = new AuditFold(new FlagRules(config.largeAmount(), config.burst().maxDebits(), config.burst().window()));
    }

    @Override
    public EnvelopeCodec codec() {
        return LedgerCloudEvents.CODEC;
    }

    @Override
    public LedgerEvent decode(EventEnvelope envelope) {
        return EventTypes.ledger().deserialize(envelope);
    }

    @Override
    public List<String> createTableSet(String schema) {
        return AuditTables.create(schema);
    }

    @Override
    public List<String> servedTables() {
        return List.of(AuditTables.JOURNAL, AuditTables.FLAGS);
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, String schema, List<Applied<LedgerEvent>> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> accountIds = new LinkedHashSet<>();
        List<AuditFold.Input> inputs = new ArrayList<>(batch.size());
        for (Applied<LedgerEvent> applied : batch) {
            accountIds.add(applied.envelope().streamId());
            inputs.add(new AuditFold.Input(applied.envelope(), applied.event()));
        }
        return tx.preparedQuery(AuditTables.selectAccountStates(schema))
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, AccountAudit> known = new HashMap<>();
                    for (Row row : rows) {
                        AccountAudit account = accountFrom(row);
                        known.put(account.accountId(), account);
                    }
                    return fold.fold(known, inputs);
                })
                // The three writes go out together: the connection pipelines them (in this order), one round trip.
                .chain(result -> Uni.combine().all().unis(
                                insertJournal(tx, schema, result.journal()),
                                insertFlags(tx, schema, result.flags()),
                                upsertAccounts(tx, schema, result.accounts().values()))
                        .discardItems());
    }

    private static Uni<Void> insertJournal(SqlConnection tx, String schema, List<JournalEntry> journal) {
        int n = journal.size();
        Long[] position = new Long[n];
        UUID[] eventId = new UUID[n];
        String[] type = new String[n];
        Integer[] schemaVersion = new Integer[n];
        String[] streamId = new String[n];
        Long[] streamVersion = new Long[n];
        OffsetDateTime[] time = new OffsetDateTime[n];
        String[] correlationId = new String[n];
        String[] causationId = new String[n];
        String[] actor = new String[n];
        Long[] amount = new Long[n];
        String[] currency = new String[n];
        Long[] balanceAfter = new Long[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            JournalEntry e = journal.get(i);
            position[i] = e.position();
            eventId[i] = e.eventId();
            type[i] = e.type();
            schemaVersion[i] = e.schemaVersion();
            streamId[i] = e.streamId();
            streamVersion[i] = e.streamVersion();
            time[i] = OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC);
            correlationId[i] = e.correlationId();
            causationId[i] = e.causationId();
            actor[i] = e.actor();
            amount[i] = e.amount();
            currency[i] = e.currency();
            balanceAfter[i] = e.balanceAfter();
            data[i] = e.data();
        }
        return tx.preparedQuery(AuditTables.insertJournal(schema))
                .execute(Tuple.from(new Object[] {position, eventId, type, schemaVersion, streamId, streamVersion, time,
                        correlationId, causationId, actor, amount, currency, balanceAfter, data}))
                .replaceWithVoid();
    }

    private static Uni<Void> insertFlags(SqlConnection tx, String schema, List<Flag> flags) {
        if (flags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = flags.size();
        String[] id = new String[n];
        Long[] position = new Long[n];
        String[] accountId = new String[n];
        String[] kind = new String[n];
        String[] detail = new String[n];
        OffsetDateTime[] time = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Flag f = flags.get(i);
            id[i] = f.id();
            position[i] = f.position();
            accountId[i] = f.accountId();
            kind[i] = f.kind().name();
            detail[i] = f.detail();
            time[i] = OffsetDateTime.ofInstant(f.time(), ZoneOffset.UTC);
        }
        return tx.preparedQuery(AuditTables.insertFlags(schema))
                .execute(Tuple.from(new Object[] {id, position, accountId, kind, detail, time}))
                .replaceWithVoid();
    }

    private static Uni<Void> upsertAccounts(SqlConnection tx, String schema, java.util.Collection<AccountAudit> accounts) {
        int n = accounts.size();
        String[] id = new String[n];
        String[] currency = new String[n];
        Long[] balance = new Long[n];
        Long[] version = new Long[n];
        String[] recentDebits = new String[n];
        Boolean[] inBurst = new Boolean[n];
        int i = 0;
        for (AccountAudit a : accounts) {
            id[i] = a.accountId();
            currency[i] = a.currency();
            balance[i] = a.balance();
            version[i] = a.version();
            // an array per row cannot travel in unnest(); it travels as its text literal and is cast back
            recentDebits[i] = a.debits().recentMicros().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
            inBurst[i] = a.debits().inBurst();
            i++;
        }
        return tx.preparedQuery(AuditTables.upsertAccountStates(schema))
                .execute(Tuple.from(new Object[] {id, currency, balance, version, recentDebits, inBurst}))
                .replaceWithVoid();
    }

    private static AccountAudit accountFrom(Row row) {
        Long[] micros = row.getArrayOfLongs("recent_debit_micros");
        return new AccountAudit(row.getString("account_id"), row.getString("currency"), row.getLong("balance"),
                row.getLong("version"),
                new FlagRules.DebitWindow(micros == null ? List.of() : Arrays.asList(micros), row.getBoolean("in_burst")));
    }
}
