package dev.tally.ledger.domain;

import dev.tally.decider.DeciderScenario;
import dev.tally.events.LedgerEvent;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** given(events).when(command).then(events) / thenRejected(code) for the account decider ({@link DeciderScenario}). */
final class Scenario {

    private final DeciderScenario<AccountCommand, AccountState, LedgerEvent> scenario;

    private Scenario(AccountDecider decider, List<LedgerEvent> history) {
        this.scenario = DeciderScenario.given(decider, history);
    }

    static Scenario given(LedgerEvent... history) {
        return new Scenario(new AccountDecider(), List.of(history));
    }

    static Scenario given(DomainLimits limits, LedgerEvent... history) {
        return new Scenario(new AccountDecider(limits), List.of(history));
    }

    Scenario when(AccountCommand command) {
        scenario.when(command);
        return this;
    }

    /** Asserts the command produces exactly {@code expected}, and returns the state after them. */
    AccountState then(LedgerEvent... expected) {
        return scenario.then(List.of(expected));
    }

    /** Asserts the command is rejected with {@code expected}, and returns the rejection for further checks. */
    DomainRejection thenRejected(Rejection expected) {
        DomainRejection rejection = scenario.thenRejected(DomainRejection.class, expected.code());
        assertEquals(expected, rejection.rejection(), rejection.getMessage());
        return rejection;
    }
}
