package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AppendResultTest {

    @Test
    void newVersionsKeepTheOrderTheyWereGivenIn() {
        Map<String, Long> given = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String stream = "s-" + (50 - i) + "-" + (i * 7919 % 13);
            given.put(stream, (long) i + 1);
            order.add(stream);
        }
        AppendResult result = new AppendResult(given, 10, 59);

        assertEquals(order, List.copyOf(result.newVersions().keySet()));
        assertEquals(50, result.versionOf(order.get(49)));
    }

    @Test
    void newVersionsAreACopyThatCannotBeChanged() {
        Map<String, Long> given = new LinkedHashMap<>(Map.of("a", 1L));
        AppendResult result = new AppendResult(given, 1, 1);
        given.put("b", 2L);

        assertEquals(Map.of("a", 1L), result.newVersions());
        assertThrows(UnsupportedOperationException.class, () -> result.newVersions().put("c", 3L));
    }

    @Test
    void versionOfAStreamNotAppendedToIsAnError() {
        AppendResult result = new AppendResult(Map.of("a", 1L), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> result.versionOf("b"));
    }
}
