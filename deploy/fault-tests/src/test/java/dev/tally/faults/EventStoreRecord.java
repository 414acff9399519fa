package dev.tally.faults;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.system.Ledger;
import dev.tally.system.TallySystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the event store holds, read straight from its table over JDBC (no service in between): every event's position,
 * the Idempotency-Key that caused it, and each account folded from its own events by the test's own fold.
 */
final class EventStoreRecord {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PREFIX = "idempotency-key:";

    /** Positions of the events each Idempotency-Key caused. */
    final Map<String, List<Long>> positionsByKey = new HashMap<>();
    final List<Long> positions = new ArrayList<>();
    final Map<String, Ledger.Fold> accounts = new LinkedHashMap<>();

    private EventStoreRecord() {}

    static EventStoreRecord read(TallySystem system) {
        EventStoreRecord record = new EventStoreRecord();
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), system.postgres.username(),
                system.postgres.password());
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("""
                     SELECT position, stream_id, stream_version, event_type, data::text, metadata->>'causation_id'
                       FROM eventstore.events ORDER BY stream_id, stream_version""")) {
            String stream = null;
            List<Map<String, Object>> events = new ArrayList<>();
            while (rows.next()) {
                long position = rows.getLong(1);
                record.positions.add(position);
                String causation = rows.getString(6);
                if (causation != null && causation.startsWith(KEY_PREFIX)) {
                    record.positionsByKey.computeIfAbsent(causation.substring(KEY_PREFIX.length()),
                            k -> new ArrayList<>()).add(position);
                }
                if (!rows.getString(2).equals(stream)) {
                    record.fold(stream, events);
                    stream = rows.getString(2);
                    events = new ArrayList<>();
                }
                events.add(Map.of("streamVersion", rows.getLong(3), "type", rows.getString(4),
                        "data", JSON.readValue(rows.getString(5), new TypeReference<Map<String, Object>>() {})));
            }
            record.fold(stream, events);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        record.positions.sort(null);
        return record;
    }

    /** The store's highest position, by itself (one aggregate, not the whole table). */
    static long headPosition(TallySystem system) {
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), system.postgres.username(),
                system.postgres.password());
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT coalesce(max(position), 0) FROM eventstore.events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long head() {
        return positions.isEmpty() ? 0 : positions.get(positions.size() - 1);
    }

    /** Positions run 1..head with no gap and no repeat (the store's promise to the views). */
    boolean dense() {
        for (int i = 0; i < positions.size(); i++) {
            if (positions.get(i) != i + 1) {
                return false;
            }
        }
        return true;
    }

    private void fold(String stream, List<Map<String, Object>> events) {
        if (stream != null) {
            accounts.put(stream, Ledger.fold(stream, events));
        }
    }
}
