package dev.tally.views.audit.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flag rules as pure functions: thresholds, the window's edges, one flag per burst. */
class FlagRulesTest {

    private static final long MINUTE = 60_000_000L;
    private final FlagRules rules = new FlagRules(1_000_000, 5, Duration.ofMinutes(10));

    @Test
    void largeAmountIsAtOrAboveTheThresholdInEitherDirection() {
        assertFalse(rules.isLarge(999_999));
        assertTrue(rules.isLarge(1_000_000));
        assertTrue(rules.isLarge(-1_000_000));
        assertFalse(rules.isLarge(-999_999));
        assertFalse(rules.isLarge(0));
    }

    @Test
    void theSixthDebitWithinTenMinutesStartsABurstAndTheSeventhDoesNotFlagAgain() {
        List<Boolean> flags = flagsFor(0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE, 6 * MINUTE);
        assertEquals(List.of(false, false, false, false, false, true, false), flags);
    }

    @Test
    void aDebitOutsideTheWindowEndsTheBurstSoTheNextBurstIsFlaggedAgain() {
        List<Boolean> flags = flagsFor(
                0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE,           // burst 1 at the 6th
                30 * MINUTE,                                                         // alone: burst over
                31 * MINUTE, 32 * MINUTE, 33 * MINUTE, 34 * MINUTE, 35 * MINUTE);   // burst 2 at its 6th
        assertEquals(List.of(false, false, false, false, false, true,
                false,
                false, false, false, false, true), flags);
    }

    @Test
    void bothEndsOfTheWindowAreInclusive() {
        long step = 2 * MINUTE; // six debits exactly 10 minutes from first to last
        assertEquals(List.of(false, false, false, false, false, true), flagsFor(0, step, 2 * step, 3 * step, 4 * step, 5 * step));
        // one microsecond more and the first has left the window
        assertEquals(List.of(false, false, false, false, false, false),
                flagsFor(0, step, 2 * step, 3 * step, 4 * step, 5 * step + 1));
    }

    @Test
    void aSteadyRateOfExactlyTheLimitNeverFlags() {
        long step = 2 * MINUTE + 30_000_000L; // every 2.5 minutes: 5 per 10 minutes, never 6
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            times.add(i * step);
        }
        assertTrue(flagsFor(times.stream().mapToLong(Long::longValue).toArray()).stream().noneMatch(f -> f));
    }

    @Test
    void theWindowKeepsOnlyTheLastMaxDebitsOldestFirst() {
        FlagRules.DebitWindow window = FlagRules.DebitWindow.EMPTY;
        for (long t : new long[] {10, 20, 30, 40, 50, 60, 70}) {
            window = rules.onDebit(window, t).after();
        }
        assertEquals(List.of(30L, 40L, 50L, 60L, 70L), window.recentMicros());
        assertTrue(window.inBurst());
    }

    @Test
    void theStepReportsHowManyDebitsAndSinceWhen() {
        FlagRules.DebitWindow window = new FlagRules.DebitWindow(List.of(0L, 100L, 200L, 300L, 400L), false);
        FlagRules.BurstStep step = rules.onDebit(window, 500);
        assertTrue(step.startsBurst());
        assertEquals(6, step.debitsInWindow());
        assertEquals(0L, step.earliestMicros());
    }

    @Test
    void aSmallerLimitAndWindowAreHonoured() {
        FlagRules strict = new FlagRules(10, 1, Duration.ofSeconds(1));
        FlagRules.BurstStep first = strict.onDebit(FlagRules.DebitWindow.EMPTY, 0);
        assertFalse(first.startsBurst());
        assertTrue(strict.onDebit(first.after(), 1_000_000).startsBurst());
        assertFalse(strict.onDebit(first.after(), 1_000_001).startsBurst());
        assertTrue(strict.isLarge(10));
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FlagRules(0, 5, Duration.ofMinutes(10)));
        assertThrows(IllegalArgumentException.class, () -> new FlagRules(100, 0, Duration.ofMinutes(10)));
        assertThrows(IllegalArgumentException.class, () -> new FlagRules(100, 5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FlagRules(100, 5, Duration.ofMinutes(-1)));
    }

    private List<Boolean> flagsFor(long... micros) {
        List<Boolean> flags = new ArrayList<>();
        FlagRules.DebitWindow window = FlagRules.DebitWindow.EMPTY;
        for (long t : micros) {
            FlagRules.BurstStep step = rules.onDebit(window, t);
            flags.add(step.startsBurst());
            window = step.after();
        }
        return flags;
    }
}
