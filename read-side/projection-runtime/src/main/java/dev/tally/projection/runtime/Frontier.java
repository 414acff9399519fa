package dev.tally.projection.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How far a generation has handled the log, as a value: every global position {@code <= position} has been handled
 * (applied, redelivered, dead-lettered, skipped or ignored), and {@code pending} holds the handled positions above
 * it that cannot join it yet because a lower one is missing (partitions progress unevenly). Global positions are
 * dense (every number from 1 up is used once), so this is exact: read-your-writes waits until the frontier
 * {@link #covers} the caller's position.
 *
 * <p>Invariants, checked by the constructor: {@code position >= 0}; every pending position is {@code > position + 1}
 * (one at or below {@code position} is already covered, and {@code position + 1} would have moved the frontier).
 *
 * <p>The value is a function of the set of handled positions alone: {@link #advance} adds positions to that set and
 * walks over every contiguous run, so applying the same positions in any order, in any grouping, and any number of
 * times gives the same frontier ({@code FrontierTest}). PostgreSQL stores it per generation ({@code progress.frontier}
 * and {@code pending_positions}); the batch transaction applies this same rule in {@code advance_frontier}, and
 * {@code FrontierAgreementTest} checks on a real PostgreSQL that both agree (the README says why the rule runs there).
 *
 * @param position the highest P such that every position up to P is handled; 0 before anything is
 * @param pending  handled positions above {@code position + 1}, in ascending order (unmodifiable)
 */
public record Frontier(long position, NavigableSet<Long> pending) {

    private static final Frontier START = new Frontier(0, Collections.emptyNavigableSet());

    public Frontier {
        if (position < 0) {
            throw new IllegalArgumentException("frontier position must be >= 0, was " + position);
        }
        TreeSet<Long> copy = new TreeSet<>(pending);
        if (!copy.isEmpty() && copy.first() <= position + 1) {
            throw new IllegalArgumentException("position " + copy.first() + " cannot be pending above frontier "
                    + position + ": pending positions must be > " + (position + 1));
        }
        pending = Collections.unmodifiableNavigableSet(copy);
    }

    /** {@code position} with {@code pending} above it, under the same checks as the constructor. */
    public static Frontier of(long position, Collection<Long> pending) {
        return new Frontier(position, new TreeSet<>(pending));
    }

    /** Nothing handled yet. */
    public static Frontier start() {
        return START;
    }

    /** A frontier with nothing pending above it (what a replica learns from a notification or a re-read). */
    public static Frontier at(long position) {
        return position == 0 ? START : new Frontier(position, Collections.emptyNavigableSet());
    }

    /**
     * The frontier once {@code handled} are handled too. Positions already covered (redeliveries, retried batches)
     * and repeated ones change nothing; the result does not depend on the order of {@code handled} nor on how
     * positions are split across calls: {@code f.advance(a).advance(b).equals(f.advance(b).advance(a))}.
     */
    public Frontier advance(Collection<Long> handled) {
        TreeSet<Long> above = new TreeSet<>(pending);
        for (long p : handled) {
            if (p > position) {
                above.add(p);
            }
        }
        long walked = position;
        while (!above.isEmpty() && above.first() == walked + 1) {
            walked = above.pollFirst();
        }
        return walked == position && above.size() == pending.size() ? this : new Frontier(walked, above);
    }

    /** {@link #advance(Collection)} for a batch's positions. */
    public Frontier advance(long... handled) {
        List<Long> boxed = new ArrayList<>(handled.length);
        for (long p : handled) {
            boxed.add(p);
        }
        return advance(boxed);
    }

    /** True exactly when every position up to {@code p} is handled (always for {@code p <= 0}: nothing to wait for). */
    public boolean covers(long p) {
        return p <= position;
    }
}
