package dev.tally.ledger.domain;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.ledger.domain.AccountCommand.Close;
import dev.tally.ledger.domain.AccountCommand.Deposit;
import dev.tally.ledger.domain.AccountCommand.Freeze;
import dev.tally.ledger.domain.AccountCommand.OpenAccount;
import dev.tally.ledger.domain.AccountCommand.Unfreeze;
import dev.tally.ledger.domain.AccountCommand.Withdraw;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.tally.ledger.domain.Fixtures.*;
import static dev.tally.ledger.domain.Scenario.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccountDeciderTest {

    @Nested
    class Opening {

        @Test
        void opensAnAccountWithItsOverdraftLimit() {
            AccountState state = given()
                    .when(new OpenAccount(ACC, OWNER, "EUR", 500_00))
                    .then(new AccountOpened(ACC, OWNER, "EUR", 500_00));
            assertEquals(new AccountState.Opened(AccountStatus.OPEN, ACC, OWNER, "EUR", 0, 500_00), state);
        }

        @Test
        void opensWithoutOverdraft() {
            given().when(new OpenAccount(ACC, OWNER, "JPY", 0)).then(new AccountOpened(ACC, OWNER, "JPY", 0));
        }

        @Test
        void anAccountCannotBeOpenedTwice() {
            given(opened(0)).when(new OpenAccount(ACC, OWNER, "EUR", 0)).thenRejected(Rejection.ALREADY_OPEN);
            given(opened(0), closed()).when(new OpenAccount(ACC, OWNER, "EUR", 0)).thenRejected(Rejection.ALREADY_OPEN);
        }

        @Test
        void currencyMustBeIso4217() {
            for (String bad : new String[] {null, "", "eur", "EURO", "EU", "E1R", "ABC", " EUR"}) {
                given().when(new OpenAccount(ACC, OWNER, bad, 0)).thenRejected(Rejection.INVALID_CURRENCY);
            }
            for (String good : new String[] {"EUR", "USD", "JPY", "CHF", "BHD"}) {
                given().when(new OpenAccount(ACC, OWNER, good, 0)).then(new AccountOpened(ACC, OWNER, good, 0));
            }
        }

        @Test
        void overdraftLimitIsZeroOrPositiveAndBounded() {
            given().when(new OpenAccount(ACC, OWNER, "EUR", -1)).thenRejected(Rejection.INVALID_OVERDRAFT_LIMIT);
            given().when(new OpenAccount(ACC, OWNER, "EUR", 1_000_000_01L)).thenRejected(Rejection.INVALID_OVERDRAFT_LIMIT);
            given().when(new OpenAccount(ACC, OWNER, "EUR", 1_000_000_00L))
                    .then(new AccountOpened(ACC, OWNER, "EUR", 1_000_000_00L));
            given(new DomainLimits(1000, 50, 10_000)).when(new OpenAccount(ACC, OWNER, "EUR", 51))
                    .thenRejected(Rejection.INVALID_OVERDRAFT_LIMIT);
        }

        @Test
        void idsMustBePresentAndBounded() {
            given().when(new OpenAccount(null, OWNER, "EUR", 0)).thenRejected(Rejection.INVALID_ACCOUNT_ID);
            given().when(new OpenAccount("  ", OWNER, "EUR", 0)).thenRejected(Rejection.INVALID_ACCOUNT_ID);
            given().when(new OpenAccount("a".repeat(65), OWNER, "EUR", 0)).thenRejected(Rejection.INVALID_ACCOUNT_ID);
            given().when(new OpenAccount("a\nb", OWNER, "EUR", 0)).thenRejected(Rejection.INVALID_ACCOUNT_ID);
            given().when(new OpenAccount(ACC, "", "EUR", 0)).thenRejected(Rejection.INVALID_OWNER_ID);
            given().when(new OpenAccount(ACC, "o".repeat(129), "EUR", 0)).thenRejected(Rejection.INVALID_OWNER_ID);
            String longestId = "a".repeat(64);
            given().when(new OpenAccount(longestId, "o".repeat(128), "EUR", 0))
                    .then(new AccountOpened(longestId, "o".repeat(128), "EUR", 0));
        }
    }

    @Nested
    class Depositing {

        @Test
        void addsToTheBalanceInTheAccountsCurrency() {
            AccountState state = given(opened(0), deposited(100))
                    .when(new Deposit(ACC, 250, "invoice 17"))
                    .then(new MoneyDeposited(ACC, 250, "EUR", "invoice 17"));
            assertEquals(350, state.balance());
        }

        @Test
        void aMissingReferenceIsRecordedAsEmpty() {
            given(opened(0)).when(new Deposit(ACC, 1, null)).then(new MoneyDeposited(ACC, 1, "EUR", ""));
        }

        @Test
        void aFrozenAccountStillTakesDeposits() {
            given(opened(0), frozen()).when(new Deposit(ACC, 10, "")).then(deposited(10));
        }

        @Test
        void aClosedAccountTakesNothing() {
            given(opened(0), closed()).when(new Deposit(ACC, 10, "")).thenRejected(Rejection.ACCOUNT_CLOSED);
        }

        @Test
        void anUnknownAccountIsNotFound() {
            DomainRejection rejection = given().when(new Deposit(ACC, 10, "")).thenRejected(Rejection.ACCOUNT_NOT_FOUND);
            assertEquals(ACC, rejection.accountId());
            assertEquals(RejectionKind.NOT_FOUND, rejection.kind());
        }

        @Test
        void amountsArePositiveAndBounded() {
            given(opened(0)).when(new Deposit(ACC, 0, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0)).when(new Deposit(ACC, -5, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0)).when(new Deposit(ACC, Long.MIN_VALUE, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0)).when(new Deposit(ACC, 1_000_000_000_01L, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0)).when(new Deposit(ACC, Long.MAX_VALUE, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0)).when(new Deposit(ACC, 1_000_000_000_00L, "")).then(deposited(1_000_000_000_00L));
        }

        @Test
        void theMaximumAmountIsAParameter() {
            DomainLimits small = new DomainLimits(1_000, 0, 1_000_000);
            given(small, opened(0)).when(new Deposit(ACC, 1_001, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(small, opened(0)).when(new Deposit(ACC, 1_000, "")).then(deposited(1_000));
        }

        @Test
        void theBalanceCannotGrowPastTheCapSoNothingOverflows() {
            DomainLimits capped = new DomainLimits(1_000, 0, 2_500);
            given(capped, opened(0), deposited(1_000), deposited(1_000))
                    .when(new Deposit(ACC, 501, "")).thenRejected(Rejection.BALANCE_LIMIT_EXCEEDED);
            given(capped, opened(0), deposited(1_000), deposited(1_000))
                    .when(new Deposit(ACC, 500, "")).then(deposited(500));
        }

        @Test
        void referencesAreBounded() {
            given(opened(0)).when(new Deposit(ACC, 1, "r".repeat(141))).thenRejected(Rejection.INVALID_REFERENCE);
            given(opened(0)).when(new Deposit(ACC, 1, "line\nbreak")).thenRejected(Rejection.INVALID_REFERENCE);
            given(opened(0)).when(new Deposit(ACC, 1, "r".repeat(140)))
                    .then(new MoneyDeposited(ACC, 1, "EUR", "r".repeat(140)));
        }

        @Test
        void inputIsCheckedBeforeState() {
            // An invalid amount on an unknown account is an input error, not a 404: the order is fixed.
            given().when(new Deposit(ACC, 0, "")).thenRejected(Rejection.INVALID_AMOUNT);
        }
    }

    @Nested
    class Withdrawing {

        @Test
        void takesFromTheBalance() {
            AccountState state = given(opened(0), deposited(1_000))
                    .when(new Withdraw(ACC, 300, "atm"))
                    .then(new MoneyWithdrawn(ACC, 300, "EUR", "atm"));
            assertEquals(700, state.balance());
        }

        @Test
        void theWholeBalanceCanBeWithdrawn() {
            assertEquals(0, given(opened(0), deposited(1_000)).when(new Withdraw(ACC, 1_000, "")).then(withdrawn(1_000))
                    .balance());
        }

        @Test
        void notOneMinorUnitBelowZeroWithoutOverdraft() {
            given(opened(0), deposited(1_000)).when(new Withdraw(ACC, 1_001, "")).thenRejected(Rejection.INSUFFICIENT_FUNDS);
            given(opened(0)).when(new Withdraw(ACC, 1, "")).thenRejected(Rejection.INSUFFICIENT_FUNDS);
        }

        @Test
        void downToMinusTheOverdraftLimitButNotBeyond() {
            assertEquals(-500, given(opened(500), deposited(100)).when(new Withdraw(ACC, 600, "")).then(withdrawn(600))
                    .balance());
            DomainRejection rejection = given(opened(500), deposited(100))
                    .when(new Withdraw(ACC, 601, "")).thenRejected(Rejection.INSUFFICIENT_FUNDS);
            assertEquals(RejectionKind.BUSINESS_RULE, rejection.kind());
            assertEquals("account acc-1 can cover 600 EUR minor units, not 601", rejection.getMessage());
            given(opened(500), withdrawn(500)).when(new Withdraw(ACC, 1, "")).thenRejected(Rejection.INSUFFICIENT_FUNDS);
        }

        @Test
        void aFrozenAccountTakesNoDebits() {
            DomainRejection rejection = given(opened(0), deposited(1_000), frozen())
                    .when(new Withdraw(ACC, 1, "")).thenRejected(Rejection.ACCOUNT_FROZEN);
            assertEquals(RejectionKind.STATE_CONFLICT, rejection.kind());
        }

        @Test
        void anUnfrozenAccountTakesDebitsAgain() {
            given(opened(0), deposited(1_000), frozen(), unfrozen()).when(new Withdraw(ACC, 1, "")).then(withdrawn(1));
        }

        @Test
        void aClosedAccountTakesNothing() {
            given(opened(0), closed()).when(new Withdraw(ACC, 1, "")).thenRejected(Rejection.ACCOUNT_CLOSED);
        }

        @Test
        void anUnknownAccountIsNotFound() {
            given().when(new Withdraw(ACC, 1, "")).thenRejected(Rejection.ACCOUNT_NOT_FOUND);
        }

        @Test
        void amountsArePositiveAndBounded() {
            given(opened(0), deposited(10)).when(new Withdraw(ACC, 0, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0), deposited(10)).when(new Withdraw(ACC, -10, "")).thenRejected(Rejection.INVALID_AMOUNT);
            given(opened(0), deposited(10)).when(new Withdraw(ACC, 1_000_000_000_01L, "")).thenRejected(Rejection.INVALID_AMOUNT);
        }

        @Test
        void stateIsCheckedBeforeFunds() {
            // Frozen and broke: the lifecycle conflict is reported, consistently.
            given(opened(0), frozen()).when(new Withdraw(ACC, 5, "")).thenRejected(Rejection.ACCOUNT_FROZEN);
        }
    }

    @Nested
    class FreezingAndUnfreezing {

        @Test
        void freezesAnOpenAccount() {
            AccountState state = given(opened(0)).when(new Freeze(ACC, "court order"))
                    .then(new AccountFrozen(ACC, "court order"));
            assertEquals(AccountStatus.FROZEN, state.status());
        }

        @Test
        void unfreezesAFrozenAccount() {
            AccountState state = given(opened(0), frozen()).when(new Unfreeze(ACC, "lifted"))
                    .then(new AccountUnfrozen(ACC, "lifted"));
            assertEquals(AccountStatus.OPEN, state.status());
        }

        @Test
        void aMissingReasonIsRecordedAsEmpty() {
            given(opened(0)).when(new Freeze(ACC, null)).then(new AccountFrozen(ACC, ""));
        }

        @Test
        void cannotFreezeTwice() {
            given(opened(0), frozen()).when(new Freeze(ACC, "")).thenRejected(Rejection.ALREADY_FROZEN);
        }

        @Test
        void cannotUnfreezeWhatIsNotFrozen() {
            given(opened(0)).when(new Unfreeze(ACC, "")).thenRejected(Rejection.NOT_FROZEN);
            given(opened(0), frozen(), unfrozen()).when(new Unfreeze(ACC, "")).thenRejected(Rejection.NOT_FROZEN);
        }

        @Test
        void aClosedAccountIsNeitherFrozenNorUnfrozen() {
            given(opened(0), closed()).when(new Freeze(ACC, "")).thenRejected(Rejection.ACCOUNT_CLOSED);
            given(opened(0), closed()).when(new Unfreeze(ACC, "")).thenRejected(Rejection.ACCOUNT_CLOSED);
        }

        @Test
        void unknownAccounts() {
            given().when(new Freeze(ACC, "")).thenRejected(Rejection.ACCOUNT_NOT_FOUND);
            given().when(new Unfreeze(ACC, "")).thenRejected(Rejection.ACCOUNT_NOT_FOUND);
        }

        @Test
        void reasonsAreBounded() {
            given(opened(0)).when(new Freeze(ACC, "x".repeat(141))).thenRejected(Rejection.INVALID_REASON);
            given(opened(0), frozen()).when(new Unfreeze(ACC, "\u0000")).thenRejected(Rejection.INVALID_REASON);
        }
    }

    @Nested
    class Closing {

        @Test
        void closesAnAccountAtZero() {
            AccountState state = given(opened(0), deposited(100), withdrawn(100)).when(new Close(ACC))
                    .then(new AccountClosed(ACC));
            assertEquals(AccountStatus.CLOSED, state.status());
        }

        @Test
        void closingNeedsAZeroBalanceEitherWay() {
            DomainRejection positive = given(opened(0), deposited(1)).when(new Close(ACC))
                    .thenRejected(Rejection.NON_ZERO_BALANCE);
            assertEquals(RejectionKind.BUSINESS_RULE, positive.kind());
            given(opened(100), withdrawn(1)).when(new Close(ACC)).thenRejected(Rejection.NON_ZERO_BALANCE);
        }

        @Test
        void aFrozenAccountMustBeUnfrozenFirst() {
            given(opened(0), frozen()).when(new Close(ACC)).thenRejected(Rejection.ACCOUNT_FROZEN);
        }

        @Test
        void cannotCloseTwice() {
            given(opened(0), closed()).when(new Close(ACC)).thenRejected(Rejection.ACCOUNT_CLOSED);
        }

        @Test
        void unknownAccount() {
            given().when(new Close(ACC)).thenRejected(Rejection.ACCOUNT_NOT_FOUND);
        }
    }

    @Test
    void aCommandForAnotherAccountIsAProgrammingError() {
        AccountState state = AccountDecider.DEFAULT.fold(java.util.List.of(opened(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new AccountDecider().decide(new Deposit(OTHER, 1, ""), state));
    }
}
