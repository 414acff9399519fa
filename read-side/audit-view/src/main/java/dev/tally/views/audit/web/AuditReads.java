package dev.tally.views.audit.web;

import dev.tally.views.audit.fold.FlagKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit view's queries, on the served SQL views {@code <view>.journal} and {@code <view>.flags} (the active
 * generation). Every query is cut at a frontier: the view shows the log up to a position below which nothing is
 * missing, so a page never has a hole that an event from a lagging partition would fill later.
 */
@ApplicationScoped
public class AuditReads {

    private final Pool pool;
    private final String journalPage;
    private final String flagsPage;
    private final String flagsCount;
    private final String balanceAsOf;

    AuditReads(Pool pool, @ConfigProperty(name = "tally.projection.view") String view) {
        this.pool = pool;
        this.journalPage = """
                SELECT position, event_id, type, schema_version, stream_id, stream_version, time, correlation_id,
                       causation_id, actor, amount, currency, balance_after, data::text AS data
                FROM %s.journal WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3""".formatted(view);
        String flagFilter = """
                FROM %s.flags WHERE position <= $1 AND ($2::text IS NULL OR account_id = $2)
                                AND ($3::text IS NULL OR kind = $3)""".formatted(view);
        this.flagsPage = "SELECT id, position, account_id, kind, detail, time " + flagFilter
                + " ORDER BY position, kind LIMIT $4 OFFSET $5";
        this.flagsCount = "SELECT count(*) " + flagFilter;
        // One backward probe of the (stream_id, time, position) index.
        this.balanceAsOf = """
                SELECT balance_after, currency, stream_version, position
                FROM %s.journal WHERE stream_id = $1 AND time <= $2 AND position <= $3
                ORDER BY time DESC, position DESC LIMIT 1""".formatted(view);
    }

    Uni<JournalPage> journal(long after, int limit, long frontier) {
        return pool.preparedQuery(journalPage).execute(Tuple.of(after, frontier, (long) limit)).map(rows -> {
            List<JournalPage.Event> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new JournalPage.Event(row.getLong("position"), row.getUUID("event_id"), row.getString("type"),
                        row.getInteger("schema_version"), row.getString("stream_id"), row.getLong("stream_version"),
                        row.getOffsetDateTime("time").toInstant(), row.getString("correlation_id"),
                        row.getString("causation_id"), row.getString("actor"), row.getLong("amount"),
                        row.getString("currency"), row.getLong("balance_after"), row.getString("data")));
            }
            long nextAfter = events.size() == limit ? events.get(events.size() - 1).position() : Math.max(after, frontier);
            return new JournalPage(events, nextAfter, frontier);
        });
    }

    Uni<FlagsPage> flags(String accountId, FlagKind kind, int page, int size, long frontier) {
        String kindName = kind == null ? null : kind.name();
        Uni<Long> total = pool.preparedQuery(flagsCount).execute(Tuple.of(frontier, accountId, kindName))
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<FlagsPage.Item>> items = pool.preparedQuery(flagsPage)
                .execute(Tuple.of(frontier, accountId, kindName, (long) size, (long) page * size))
                .map(rows -> {
                    List<FlagsPage.Item> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new FlagsPage.Item(row.getString("id"), row.getLong("position"),
                                row.getString("account_id"), row.getString("kind"), row.getString("detail"),
                                row.getOffsetDateTime("time").toInstant()));
                    }
                    return list;
                });
        return Uni.combine().all().unis(items, total).asTuple()
                .map(t -> new FlagsPage(t.getItem1(), page, size, t.getItem2(), frontier));
    }

    Uni<Optional<BalanceAsOf>> balanceAsOf(String accountId, Instant asOf, long frontier) {
        // PostgreSQL keeps microseconds: cut asOf down to them so that "time <= asOf" never takes a later event.
        OffsetDateTime cut = OffsetDateTime.ofInstant(asOf.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        return pool.preparedQuery(balanceAsOf).execute(Tuple.of(accountId, cut, frontier)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            return Optional.of(new BalanceAsOf(accountId, asOf, row.getLong("balance_after"), row.getString("currency"),
                    row.getLong("stream_version"), row.getLong("position")));
        });
    }
}
