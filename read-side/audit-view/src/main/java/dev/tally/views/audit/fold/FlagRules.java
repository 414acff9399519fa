package dev.tally.views.audit.fold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The compliance rules, as pure functions of an account's recent debits: no clock, no database.
 *
 * <ul>
 *   <li><b>Large amount:</b> a money event whose amount is at least {@code largeAmount} minor units. The threshold is
 *       in minor units whatever the currency.</li>
 *   <li><b>Rapid burst:</b> an account has more than {@code maxDebits} debits (withdrawals, transfers out) within
 *       {@code window}, by event time, both ends inclusive. One flag per burst: on the debit that first exceeds the
 *       limit; the burst lasts while every further debit still exceeds it, and the next debit that does not ends it.</li>
 * </ul>
 *
 * Only the last {@code maxDebits} debit times of an account matter (a new debit exceeds the limit exactly when all of
 * them lie within the window before it), so that is all the state an account carries.
 */
public record FlagRules(long largeAmount, int maxDebits, Duration window) {

    public FlagRules {
        if (largeAmount < 1) {
            throw new IllegalArgumentException("tally.audit.large-amount must be at least 1 minor unit, was " + largeAmount);
        }
        if (maxDebits < 1) {
            throw new IllegalArgumentException("tally.audit.burst.max-debits must be at least 1, was " + maxDebits);
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("tally.audit.burst.window must be positive, was " + window);
        }
    }

    /** Whether a movement of {@code amount} minor units (either sign) is a large amount. */
    public boolean isLarge(long amount) {
        return Math.abs(amount) >= largeAmount;
    }

    /**
     * Folds one debit at {@code debitMicros} (epoch microseconds) into an account's burst window.
     *
     * @param window the account's state before the debit
     * @return the state after it, and whether this debit starts a burst (= raise a flag)
     */
    public BurstStep onDebit(DebitWindow window, long debitMicros) {
        long windowMicros = windowMicros();
        int inWindow = 1;
        long earliest = debitMicros;
        for (long earlier : window.recentMicros()) {
            if (debitMicros - earlier <= windowMicros) {
                inWindow++;
                earliest = Math.min(earliest, earlier);
            }
        }
        boolean exceeds = inWindow > maxDebits;
        List<Long> recent = new ArrayList<>(window.recentMicros());
        recent.add(debitMicros);
        while (recent.size() > maxDebits) {
            recent.remove(0);
        }
        return new BurstStep(new DebitWindow(recent, exceeds), exceeds && !window.inBurst(), inWindow, earliest);
    }

    long windowMicros() {
        return window.toNanos() / 1_000;
    }

    /**
     * An account's last debits (at most {@code maxDebits}, oldest first, epoch microseconds) and whether its last
     * debit was part of a burst.
     */
    public record DebitWindow(List<Long> recentMicros, boolean inBurst) {

        public static final DebitWindow EMPTY = new DebitWindow(List.of(), false);

        public DebitWindow {
            recentMicros = List.copyOf(recentMicros);
        }
    }

    /**
     * The outcome of one debit.
     *
     * @param after          the window after the debit
     * @param startsBurst    this debit exceeds the limit and the previous one did not: flag it
     * @param debitsInWindow how many debits (this one included) lie within the window ending at this one
     * @param earliestMicros the time of the earliest of those
     */
    public record BurstStep(DebitWindow after, boolean startsBurst, int debitsInWindow, long earliestMicros) {
    }
}
