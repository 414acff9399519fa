package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The frontier's rules on their own, no engine: invariants, advance, covers, and independence of order. */
class FrontierTest {

    @Test
    void startsAtZeroWithNothingPending() {
        assertEquals(Frontier.of(0, new TreeSet<>()), Frontier.start());
        assertEquals(Frontier.start(), Frontier.at(0));
        assertTrue(Frontier.start().pending().isEmpty());
    }

    @Test
    void rejectsWhatCannotBePending() {
        assertThrows(IllegalArgumentException.class, () -> Frontier.of(-1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Frontier.of(5, Set.of(3L)), "already covered");
        assertThrows(IllegalArgumentException.class, () -> Frontier.of(5, Set.of(5L)), "already covered");
        assertThrows(IllegalArgumentException.class, () -> Frontier.of(5, Set.of(6L)), "would move the frontier");
        assertEquals(Set.of(7L, 9L), Frontier.of(5, Set.of(9L, 7L)).pending());
    }

    @Test
    void pendingCannotBeChangedFromOutside() {
        TreeSet<Long> mine = new TreeSet<>(List.of(8L));
        Frontier f = Frontier.of(5, mine);
        mine.add(6L);
        assertEquals(Set.of(8L), f.pending());
        assertThrows(UnsupportedOperationException.class, () -> f.pending().add(9L));
    }

    @Test
    void contiguousPositionsMoveItAtOnce() {
        assertEquals(Frontier.at(3), Frontier.start().advance(1, 2, 3));
        assertEquals(Frontier.at(4), Frontier.at(3).advance(4));
    }

    @Test
    void positionsAboveAHoleWaitUntilItIsFilled() {
        Frontier f = Frontier.start().advance(1, 2, 4, 5, 7);
        assertEquals(Frontier.of(2, Set.of(4L, 5L, 7L)), f);
        assertEquals(Frontier.of(5, Set.of(7L)), f.advance(3));
        assertEquals(Frontier.at(7), f.advance(3).advance(6));
    }

    @Test
    void coveredAndRepeatedPositionsChangeNothing() {
        Frontier f = Frontier.of(4, Set.of(6L));
        assertSame(f, f.advance(1, 2, 3, 4, 6, 6, 0, -3));
        assertEquals(Frontier.of(4, Set.of(6L, 8L)), f.advance(8, 8));
    }

    @Test
    void coversExactlyThePositionsUpToIt() {
        Frontier f = Frontier.of(4, Set.of(6L, 7L));
        assertTrue(f.covers(-1));
        assertTrue(f.covers(0));
        assertTrue(f.covers(4));
        assertFalse(f.covers(5));
        assertFalse(f.covers(6), "6 is handled but 5 is not");
        assertFalse(f.covers(7));
    }

    /**
     * Property: for random sets of handled positions (with holes), every order and every split into batches gives
     * the same frontier, which is the one the definition gives: the longest run 1..P, the rest pending; and covers(p)
     * holds exactly when every position up to p is in the set.
     */
    @Test
    void theSameHandledPositionsInAnyOrderGiveTheSameFrontier() {
        Random random = new Random(12);
        for (int round = 0; round < 500; round++) {
            int top = 1 + random.nextInt(60);
            List<Long> handled = new ArrayList<>();
            for (long p = 1; p <= top; p++) {
                if (random.nextInt(8) != 0) {
                    handled.add(p);
                }
            }
            Frontier expected = byDefinition(handled);
            for (int order = 0; order < 8; order++) {
                List<Long> shuffled = new ArrayList<>(handled);
                Collections.shuffle(shuffled, random);
                if (random.nextBoolean() && !shuffled.isEmpty()) {
                    shuffled.add(shuffled.get(random.nextInt(shuffled.size()))); // a redelivery
                }
                Frontier f = Frontier.start();
                int i = 0;
                while (i < shuffled.size()) {
                    int batch = 1 + random.nextInt(6);
                    f = f.advance(shuffled.subList(i, Math.min(shuffled.size(), i + batch)));
                    i += batch;
                }
                assertEquals(expected, f, "positions " + shuffled);
            }
            for (long p = 0; p <= top + 1; p++) {
                boolean allHandled = true;
                for (long q = 1; q <= p; q++) {
                    allHandled &= handled.contains(q);
                }
                assertEquals(allHandled, expected.covers(p), "covers(" + p + ") of " + handled);
            }
        }
    }

    @Test
    void advancingIsCommutative() {
        Random random = new Random(13);
        for (int round = 0; round < 500; round++) {
            Frontier f = Frontier.start().advance(randomPositions(random));
            List<Long> a = randomPositions(random);
            List<Long> b = randomPositions(random);
            assertEquals(f.advance(a).advance(b), f.advance(b).advance(a));
            List<Long> both = new ArrayList<>(a);
            both.addAll(b);
            assertEquals(f.advance(a).advance(b), f.advance(both));
        }
    }

    private static List<Long> randomPositions(Random random) {
        List<Long> positions = new ArrayList<>();
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
            positions.add(1L + random.nextInt(30));
        }
        return positions;
    }

    private static Frontier byDefinition(List<Long> handled) {
        TreeSet<Long> set = new TreeSet<>(handled);
        long position = 0;
        while (set.contains(position + 1)) {
            position++;
        }
        final long f = position;
        set.removeIf(p -> p <= f);
        return Frontier.of(f, set);
    }
}
