package dev.tally.decider;

import java.util.List;

/**
 * The decider shape of an event-sourced model: pure functions from a command and a state to new events, and from a
 * state and an event to the next state. No I/O, no clock, no random ids: all of that arrives on the command.
 *
 * <p>A command that breaks a rule is rejected by throwing the model's own unchecked rejection type (nothing is
 * appended); {@link #decide} never returns an empty list for an accepted command unless the model says "nothing to
 * do". {@link #evolve} never re-checks a rule: events are facts; it refuses only a history that cannot be (corruption).
 *
 * @param <C> commands (typically a sealed hierarchy of records)
 * @param <S> states (typically a sealed hierarchy, e.g. not opened / opened)
 * @param <E> events
 */
public interface Decider<C, S, E> {

    /** The state before any event: the state of an empty stream. */
    S initialState();

    /** The events {@code command} produces in {@code state}; throws the model's rejection when a rule forbids it. */
    List<E> decide(C command, S state);

    /** The state after {@code event}. */
    S evolve(S state, E event);

    /** The state after all {@code events}, starting from {@code state} (e.g. a snapshot). */
    default S fold(S state, Iterable<? extends E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /** The state after all {@code events} of a stream, from its beginning. */
    default S fold(Iterable<? extends E> events) {
        return fold(initialState(), events);
    }
}
