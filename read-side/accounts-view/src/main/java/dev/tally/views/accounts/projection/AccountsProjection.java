package dev.tally.views.accounts.projection;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import dev.tally.projection.Projection;
import dev.tally.views.accounts.fold.AccountState;
import dev.tally.views.accounts.fold.AccountsFold;
import dev.tally.views.accounts.live.AccountUpdates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts view: each account's current state and its statement. A batch costs two round trips whatever its
 * size: load the batch's accounts; then upsert them and append the statement lines, pipelined.
 */
@ApplicationScoped
public class AccountsProjection implements Projection<LedgerEvent> {

    private static final EventTypes TYPES = EventTypes.ledger();

    private final AccountUpdates updates;
    private final PendingUpdates pending = new PendingUpdates();

    AccountsProjection(AccountUpdates updates) {
        this.updates = updates;
    }

    @Override
    public EnvelopeCodec codec() {
        return LedgerCloudEvents.CODEC;
    }

    @Override
    public LedgerEvent decode(EventEnvelope envelope) {
        LedgerEvent event = TYPES.deserialize(envelope);
        if (!event.accountId().equals(envelope.streamId())) {
            throw new IllegalArgumentException("event for account " + event.accountId() + " is on stream "
                    + envelope.streamId());
        }
        return event;
    }

    @Override
    public List<String> createTableSet(String schema) {
        return AccountsTables.create(schema);
    }

    @Override
    public List<String> servedTables() {
        return List.of(AccountsTables.ACCOUNTS, AccountsTables.STATEMENT_ENTRIES);
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, String schema, List<Applied<LedgerEvent>> batch) {
        Set<String> accountIds = new LinkedHashSet<>();
        for (Applied<LedgerEvent> applied : batch) {
            accountIds.add(applied.envelope().streamId());
        }
        return AccountsStore.load(tx, schema, accountIds)
                .map(current -> AccountsFold.fold(current, batch))
                // Both writes go out together: the connection pipelines them, one round trip instead of two.
                .call(result -> Uni.combine().all().unis(
                                AccountsStore.upsertAccounts(tx, schema, result.accounts()),
                                AccountsStore.insertEntries(tx, schema, result.entries()))
                        .discardItems())
                .invoke(result -> pending.put(batch, result.accounts()))
                .replaceWithVoid();
    }

    @Override
    public void committed(List<Applied<LedgerEvent>> batch) {
        List<AccountState> states = pending.take(batch);
        if (states != null) {
            updates.publish(states);
        }
    }
}
