package dev.tally.ledger.domain;

import dev.tally.events.LedgerEvent;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * given(events).when(command).then(events) / thenRejected(code) for the account decider. The given events are
 * folded with {@link AccountDecider#evolve}, so a scenario exercises both halves of the decider.
 */
final class Scenario {

    private final AccountDecider decider;
    private final List<LedgerEvent> history;
    private AccountCommand command;

    private Scenario(AccountDecider decider, List<LedgerEvent> history) {
        this.decider = decider;
        this.history = history;
    }

    static Scenario given(LedgerEvent... history) {
        return new Scenario(new AccountDecider(), List.of(history));
    }

    static Scenario given(DomainLimits limits, LedgerEvent... history) {
        return new Scenario(new AccountDecider(limits), List.of(history));
    }

    Scenario when(AccountCommand command) {
        this.command = command;
        return this;
    }

    /** Asserts the command produces exactly {@code expected}, and returns the state after them. */
    AccountState then(LedgerEvent... expected) {
        AccountState state = AccountDecider.fold(history);
        List<LedgerEvent> produced;
        try {
            produced = decider.decide(command, state);
        } catch (DomainRejection rejection) {
            return fail("expected " + List.of(expected) + " but was rejected: " + rejection.code() + " "
                    + rejection.getMessage());
        }
        assertEquals(List.of(expected), produced);
        return AccountDecider.fold(state, produced);
    }

    /** Asserts the command is rejected with {@code expected}, and returns the rejection for further checks. */
    DomainRejection thenRejected(Rejection expected) {
        AccountState state = AccountDecider.fold(history);
        DomainRejection rejection = assertThrows(DomainRejection.class, () -> decider.decide(command, state),
                "expected " + expected);
        assertEquals(expected, rejection.rejection(), rejection.getMessage());
        return rejection;
    }
}
