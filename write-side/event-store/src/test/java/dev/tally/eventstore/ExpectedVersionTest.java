package dev.tally.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ExpectedVersionTest {

    private static final NewEvent EVENT = NewEvent.of("E", 1, "{}", null);

    @Test
    void factoriesMakeValuesComparedByValue() {
        assertSame(ExpectedVersion.noStream(), ExpectedVersion.noStream());
        assertSame(ExpectedVersion.any(), ExpectedVersion.any());
        assertEquals(ExpectedVersion.exactly(3), ExpectedVersion.exactly(3));
        assertNotEquals(ExpectedVersion.exactly(3), ExpectedVersion.exactly(4));
        assertNotEquals(ExpectedVersion.noStream(), ExpectedVersion.any());
    }

    @Test
    void exactlyNeedsAVersionOfAnEvent() {
        assertThrows(IllegalArgumentException.class, () -> ExpectedVersion.exactly(0));
        assertThrows(IllegalArgumentException.class, () -> ExpectedVersion.exactly(-1));
    }

    @Test
    void aReadVersionBecomesTheMatchingCondition() {
        assertSame(ExpectedVersion.noStream(), ExpectedVersion.of(0));
        assertEquals(ExpectedVersion.exactly(7), ExpectedVersion.of(7));
        assertThrows(IllegalArgumentException.class, () -> ExpectedVersion.of(-1));
        assertEquals(ExpectedVersion.exactly(2), new LoadedStream<>("s", 2, 0, 2).expectedVersion());
    }

    @Test
    void theRequiredVersionIsKnownExceptForAny() {
        assertEquals(OptionalLong.of(0), ExpectedVersion.noStream().version());
        assertEquals(OptionalLong.of(5), ExpectedVersion.exactly(5).version());
        assertTrue(ExpectedVersion.any().version().isEmpty());
    }

    @Test
    void anAppendKnowsItsNewVersionUnlessItAppendsAfterAnything() {
        assertEquals(2, new StreamAppend("s", ExpectedVersion.noStream(), List.of(EVENT, EVENT)).newVersion());
        assertEquals(6, StreamAppend.of("s", ExpectedVersion.exactly(5), EVENT).newVersion());
        assertThrows(IllegalStateException.class, () -> StreamAppend.of("s", ExpectedVersion.any(), EVENT).newVersion());
        assertThrows(NullPointerException.class, () -> StreamAppend.of("s", null, EVENT));
    }
}
