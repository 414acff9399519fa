package dev.tally.projection.testapp;

import dev.tally.envelope.EnvelopeCodec;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerCloudEvents;
import dev.tally.events.LedgerEvent;
import dev.tally.projection.Applied;
import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's test view: per stream the number of events and the balance (sum of balance effects), plus a journal
 * with one row per applied event (its primary key, the position, would reject a double apply).
 */
@ApplicationScoped
public class CountingProjection implements Projection<LedgerEvent> {

    private final EventTypes types = EventTypes.ledger();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong batches = new AtomicLong();

    @Override
    public EnvelopeCodec codec() {
        return LedgerCloudEvents.CODEC;
    }

    @Override
    public LedgerEvent decode(EventEnvelope envelope) {
        if ("Ignored".equals(envelope.type())) {
            return null;
        }
        return types.deserialize(envelope);
    }

    @Override
    public List<String> createTableSet(String schema) {
        return List.of(
                "CREATE TABLE " + schema + ".balances (stream_id text PRIMARY KEY, events bigint NOT NULL, "
                        + "balance bigint NOT NULL, last_version bigint NOT NULL)",
                "CREATE TABLE " + schema + ".journal (position bigint PRIMARY KEY, stream_id text NOT NULL, "
                        + "version bigint NOT NULL, type text NOT NULL, effect bigint NOT NULL)");
    }

    @Override
    public List<String> servedTables() {
        return List.of("balances", "journal");
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, String schema, List<Applied<LedgerEvent>> batch) {
        int n = batch.size();
        Long[] positions = new Long[n];
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        String[] typeNames = new String[n];
        Long[] effects = new Long[n];
        Map<String, long[]> perStream = new LinkedHashMap<>(); // events, balance, last version
        for (int i = 0; i < n; i++) {
            Applied<LedgerEvent> a = batch.get(i);
            positions[i] = a.envelope().position();
            streams[i] = a.envelope().streamId();
            versions[i] = a.envelope().streamVersion();
            typeNames[i] = a.envelope().type();
            effects[i] = a.event().balanceEffect();
            long[] acc = perStream.computeIfAbsent(streams[i], s -> new long[3]);
            acc[0]++;
            acc[1] += effects[i];
            acc[2] = versions[i];
        }
        String[] ids = perStream.keySet().toArray(String[]::new);
        Long[] counts = new Long[ids.length];
        Long[] sums = new Long[ids.length];
        Long[] lasts = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            long[] acc = perStream.get(ids[i]);
            counts[i] = acc[0];
            sums[i] = acc[1];
            lasts[i] = acc[2];
        }
        return tx.preparedQuery("INSERT INTO " + schema + ".journal (position, stream_id, version, type, effect) "
                        + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[])")
                .execute(Tuple.tuple().addArrayOfLong(positions).addArrayOfString(streams).addArrayOfLong(versions)
                        .addArrayOfString(typeNames).addArrayOfLong(effects))
                .chain(() -> tx.preparedQuery("INSERT INTO " + schema + ".balances AS b (stream_id, events, balance, last_version) "
                                + "SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) "
                                + "ON CONFLICT (stream_id) DO UPDATE SET events = b.events + EXCLUDED.events, "
                                + "balance = b.balance + EXCLUDED.balance, last_version = EXCLUDED.last_version")
                        .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfLong(counts).addArrayOfLong(sums)
                                .addArrayOfLong(lasts)))
                .replaceWithVoid();
    }

    @Override
    public void committed(List<Applied<LedgerEvent>> batch) {
        committed.addAndGet(batch.size());
        batches.incrementAndGet();
    }

    /** Batches committed that applied at least one event. */
    public long committedBatches() {
        return batches.get();
    }

    public long committedEvents() {
        return committed.get();
    }
}
