package dev.tally.system;

import static dev.tally.system.Http.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without any tracing configuration (the shared system runs the services as {@code ./run-local} does) nothing is
 * traced and nothing complains: the events keep the caller's own {@code traceparent} (no server span was made to
 * replace it), and no service logs a warning or error about OpenTelemetry or exporting.
 */
class TracingOffIT {

    private final TallySystem system = TallySystem.get();

    @Test
    void withoutConfigurationNothingIsTracedAndNothingComplains() throws Exception {
        String callers = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String account = as(system.writeSide, "admin", "off-admin").body(Map.of("ownerId", "off", "currency", "EUR"))
                .post("/accounts").then().statusCode(201).extract().path("accountId");
        long position = ((Number) as(system.writeSide, "admin", "off-admin").header("traceparent", callers)
                .body(Map.of("amount", 5)).post("/accounts/" + account + "/deposits")
                .then().statusCode(200).extract().path("position")).longValue();
        as(system.audit, "auditor", "off-auditor").get("/journal?limit=1&minPosition=" + position).then()
                .statusCode(200);

        assertEquals(callers, storedTraceparent(position));
        for (ServiceProcess service : system.services()) {
            List<String> complaints = Files.readAllLines(service.logFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("WARN") || line.contains("ERROR"))
                    .filter(line -> {
                        String lower = line.toLowerCase(Locale.ROOT);
                        return lower.contains("opentelemetry") || lower.contains("otlp") || lower.contains("export")
                                || lower.contains("otel");
                    })
                    .toList();
            assertTrue(complaints.isEmpty(), service.name() + " complained: " + complaints);
        }
    }

    private String storedTraceparent(long position) throws Exception {
        try (Connection db = DriverManager.getConnection(system.postgres.jdbcUrl(), system.postgres.username(),
                system.postgres.password());
             PreparedStatement sql = db.prepareStatement(
                     "SELECT metadata->>'traceparent' FROM eventstore.events WHERE position = ?")) {
            sql.setLong(1, position);
            try (ResultSet row = sql.executeQuery()) {
                assertTrue(row.next(), "no event at position " + position);
                return row.getString(1);
            }
        }
    }
}
