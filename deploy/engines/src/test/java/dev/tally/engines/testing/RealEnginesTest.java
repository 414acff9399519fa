package dev.tally.engines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class RealEnginesTest {

    @Test
    void startsEnginesOnceAndPointsQuarkusAtThem() throws Exception {
        Map<String, String> first = new RealEngines().start();
        Map<String, String> second = new RealEngines().start();
        assertSame(first, second, "engines are shared by every test class of the JVM");

        int pgPort = RealEngines.postgres().port();
        assertEquals("postgresql://127.0.0.1:" + pgPort + "/tally", first.get("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://127.0.0.1:" + pgPort + "/tally", first.get("quarkus.datasource.jdbc.url"));
        assertEquals("127.0.0.1:" + RealEngines.kafka().port(), first.get("kafka.bootstrap.servers"));
        assertEquals("false", first.get("quarkus.devservices.enabled"));

        try (Connection c = DriverManager.getConnection(first.get("quarkus.datasource.jdbc.url"),
                first.get("quarkus.datasource.username"), first.get("quarkus.datasource.password"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertEquals("tally", rs.getString(1));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.get("kafka.bootstrap.servers")))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }

        new RealEngines().stop();
        assertTrue(RealEngines.kafka().isRunning() && RealEngines.postgres().isRunning(),
                "stop() of one test class leaves the shared engines to the others");
    }
}
