package dev.tally.engines.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogSequenceTest {

    @Test
    void positionsAreDenseAndVersionsCountPerStream() {
        LogSequence sequence = new LogSequence(0);
        assertEquals(new Slot(1, 1), sequence.next("a"));
        assertEquals(new Slot(1, 2), sequence.next("b"));
        assertEquals(new Slot(2, 3), sequence.next("a"));
        assertEquals(3, sequence.lastPosition());
    }

    @Test
    void continuesAfterTheGivenPosition() {
        LogSequence sequence = new LogSequence(41);
        assertEquals(new Slot(1, 42), sequence.next("a"));
    }

    @Test
    void aSkippedPositionTakesNoVersion() {
        LogSequence sequence = new LogSequence(0);
        assertEquals(1, sequence.skipPosition());
        assertEquals(new Slot(1, 2), sequence.next("a"));
    }

    @Test
    void rejectsANegativeStart() {
        assertThrows(IllegalArgumentException.class, () -> new LogSequence(-1));
    }

    @Test
    void aSlotStartsAtOne() {
        assertThrows(IllegalArgumentException.class, () -> new Slot(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Slot(1, 0));
    }
}
