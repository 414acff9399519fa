package dev.tally.ledger.domain;

import dev.tally.decider.DeciderScenario;
import dev.tally.events.LedgerEvent;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tally.ledger.domain.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransferDeciderTest {

    private static final String FROM = "acc-from";
    private static final String TO = "acc-to";
    private static final String TRANSFER = "trf-1";

    private final TransferDecider decider = new TransferDecider();

    private static AccountState account(LedgerEvent... events) {
        return AccountDecider.DEFAULT.fold(List.of(events));
    }

    private static AccountState eur(String id, long overdraft, long deposit) {
        return deposit == 0 ? account(opened(id, "EUR", overdraft))
                : account(opened(id, "EUR", overdraft), deposited(id, deposit, "EUR"));
    }

    private DomainRejection rejected(Rejection expected, Transfer command, AccountState from, AccountState to) {
        DomainRejection rejection = assertThrows(DomainRejection.class, () -> decider.decide(command, from, to));
        assertEquals(expected, rejection.rejection(), rejection.getMessage());
        return rejection;
    }

    private static Transfer transfer(long amount) {
        return new Transfer(TRANSFER, FROM, TO, amount, "rent");
    }

    @Test
    void movesMoneyAsOneEventPerAccountLinkedByTheTransferId() {
        AccountState from = eur(FROM, 0, 1_000);
        AccountState to = eur(TO, 0, 50);
        TransferDecision decision = decider.decide(transfer(400), from, to);

        assertEquals(new TransferSent(FROM, TRANSFER, TO, 400, "EUR", "rent"), decision.sent());
        assertEquals(new TransferReceived(TO, TRANSFER, FROM, 400, "EUR", "rent"), decision.received());
        assertEquals(600, AccountDecider.DEFAULT.evolve(from, decision.sent()).balance());
        assertEquals(450, AccountDecider.DEFAULT.evolve(to, decision.received()).balance());
    }

    @Test
    void theSourceMayUseItsOverdraftButNotMore() {
        AccountState from = eur(FROM, 300, 100);
        AccountState to = eur(TO, 0, 0);
        assertEquals(-300, AccountDecider.DEFAULT.evolve(from, decider.decide(transfer(400), from, to).sent()).balance());
        DomainRejection rejection = rejected(Rejection.INSUFFICIENT_FUNDS, transfer(401), from, to);
        assertEquals(FROM, rejection.accountId());
    }

    @Test
    void neverToItself() {
        AccountState same = eur(FROM, 0, 1_000);
        rejected(Rejection.SAME_ACCOUNT, new Transfer(TRANSFER, FROM, FROM, 10, ""), same, same);
    }

    @Test
    void onlyBetweenAccountsOfTheSameCurrency() {
        AccountState from = eur(FROM, 0, 1_000);
        AccountState to = account(opened(TO, "USD", 0));
        DomainRejection rejection = rejected(Rejection.CURRENCY_MISMATCH, transfer(10), from, to);
        assertEquals("account acc-from holds EUR but account acc-to holds USD", rejection.getMessage());
    }

    @Test
    void bothAccountsMustExist() {
        AccountState existing = eur(FROM, 0, 1_000);
        assertEquals(TO, rejected(Rejection.ACCOUNT_NOT_FOUND, transfer(10), existing, AccountState.NOT_OPENED).accountId());
        assertEquals(FROM, rejected(Rejection.ACCOUNT_NOT_FOUND, transfer(10), AccountState.NOT_OPENED, eur(TO, 0, 0))
                .accountId());
    }

    @Test
    void aFrozenSourceTakesNoDebit() {
        AccountState from = account(opened(FROM, "EUR", 0), deposited(FROM, 1_000, "EUR"), frozen(FROM));
        assertEquals(FROM, rejected(Rejection.ACCOUNT_FROZEN, transfer(10), from, eur(TO, 0, 0)).accountId());
    }

    @Test
    void aFrozenDestinationStillReceives() {
        AccountState to = account(opened(TO, "EUR", 0), frozen(TO));
        TransferDecision decision = decider.decide(transfer(10), eur(FROM, 0, 1_000), to);
        assertEquals(10, AccountDecider.DEFAULT.evolve(to, decision.received()).balance());
    }

    @Test
    void closedAccountsTakeNothingEitherWay() {
        AccountState closedFrom = account(opened(FROM, "EUR", 0), closed(FROM));
        AccountState closedTo = account(opened(TO, "EUR", 0), closed(TO));
        assertEquals(FROM, rejected(Rejection.ACCOUNT_CLOSED, transfer(10), closedFrom, eur(TO, 0, 0)).accountId());
        assertEquals(TO, rejected(Rejection.ACCOUNT_CLOSED, transfer(10), eur(FROM, 0, 1_000), closedTo).accountId());
    }

    @Test
    void amountsArePositiveAndBounded() {
        AccountState from = eur(FROM, 0, 1_000);
        AccountState to = eur(TO, 0, 0);
        rejected(Rejection.INVALID_AMOUNT, transfer(0), from, to);
        rejected(Rejection.INVALID_AMOUNT, transfer(-1), from, to);
        rejected(Rejection.INVALID_AMOUNT, transfer(1_000_000_000_01L), from, to);
        TransferDecider smallLimit = new TransferDecider(new DomainLimits(100, 0, 10_000));
        assertThrows(DomainRejection.class, () -> smallLimit.decide(transfer(101), from, to));
    }

    @Test
    void theDestinationCannotExceedTheBalanceCap() {
        TransferDecider capped = new TransferDecider(new DomainLimits(1_000, 0, 1_500));
        AccountState from = eur(FROM, 0, 1_000);
        AccountState to = eur(TO, 0, 1_000);
        DomainRejection rejection = assertThrows(DomainRejection.class, () -> capped.decide(transfer(501), from, to));
        assertEquals(Rejection.BALANCE_LIMIT_EXCEEDED, rejection.rejection());
        assertEquals(TO, rejection.accountId());
    }

    @Test
    void idsAndReferenceAreValidated() {
        AccountState from = eur(FROM, 0, 1_000);
        AccountState to = eur(TO, 0, 0);
        rejected(Rejection.INVALID_TRANSFER_ID, new Transfer("", FROM, TO, 1, ""), from, to);
        rejected(Rejection.INVALID_TRANSFER_ID, new Transfer(null, FROM, TO, 1, ""), from, to);
        rejected(Rejection.INVALID_ACCOUNT_ID, new Transfer(TRANSFER, null, TO, 1, ""), from, to);
        rejected(Rejection.INVALID_ACCOUNT_ID, new Transfer(TRANSFER, FROM, "x".repeat(65), 1, ""), from, to);
        rejected(Rejection.INVALID_REFERENCE, new Transfer(TRANSFER, FROM, TO, 1, "x".repeat(141)), from, to);
        assertEquals("", decider.decide(new Transfer(TRANSFER, FROM, TO, 1, null), from, to).sent().reference());
    }

    @Test
    void statesMustBelongToTheNamedAccounts() {
        assertThrows(IllegalArgumentException.class,
                () -> decider.decide(transfer(1), eur(TO, 0, 10), eur(FROM, 0, 0)));
    }

    @Test
    void givenBothStreamsWhenTransferringThenOneEventPerAccount() {
        AccountStates after = DeciderScenario.given(decider, List.of(opened(FROM, "EUR", 0),
                        deposited(FROM, 1_000, "EUR"), opened(TO, "EUR", 0)))
                .when(transfer(400))
                .then(List.of(new TransferSent(FROM, TRANSFER, TO, 400, "EUR", "rent"),
                        new TransferReceived(TO, TRANSFER, FROM, 400, "EUR", "rent")));
        assertEquals(600, after.get(FROM).balance());
        assertEquals(400, after.get(TO).balance());
        DomainRejection rejection = DeciderScenario.given(decider, List.of(opened(FROM, "EUR", 0)))
                .when(transfer(1)).thenRejected(DomainRejection.class, "ACCOUNT_NOT_FOUND");
        assertEquals(Rejection.ACCOUNT_NOT_FOUND, rejection.rejection());
        assertEquals(TO, rejection.accountId());
    }
}
