package dev.tally.decider;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * given(events).when(command).then(events) / thenRejected(type) for any {@link Decider}. The given events are folded
 * with the decider's own evolve, so a scenario exercises both halves of the decider.
 */
public final class DeciderScenario<C, S, E> {

    private final Decider<C, S, E> decider;
    private final List<? extends E> history;
    private C command;

    private DeciderScenario(Decider<C, S, E> decider, List<? extends E> history) {
        this.decider = decider;
        this.history = history;
    }

    public static <C, S, E> DeciderScenario<C, S, E> given(Decider<C, S, E> decider, List<? extends E> history) {
        return new DeciderScenario<>(decider, List.copyOf(history));
    }

    public DeciderScenario<C, S, E> when(C command) {
        this.command = command;
        return this;
    }

    /** Asserts the command produces exactly {@code expected}, and returns the state after them. */
    public S then(List<? extends E> expected) {
        S state = decider.fold(history);
        List<E> produced;
        try {
            produced = decider.decide(command, state);
        } catch (RuntimeException rejection) {
            return fail("expected " + expected + " but was rejected: " + rejection, rejection);
        }
        assertEquals(expected, produced);
        return decider.fold(state, produced);
    }

    /** Asserts the command is rejected with a {@code type}, and returns it for further checks. */
    public <X extends RuntimeException> X thenRejected(Class<X> type, String description) {
        S state = decider.fold(history);
        return assertThrows(type, () -> decider.decide(command, state), "expected " + description);
    }
}
