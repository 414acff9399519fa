package dev.tally.ledger.domain;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;

/** Short names for the events and commands the tests use. */
final class Fixtures {

    static final String ACC = "acc-1";
    static final String OTHER = "acc-2";
    static final String OWNER = "user-7";

    static AccountOpened opened(long overdraftLimit) {
        return new AccountOpened(ACC, OWNER, "EUR", overdraftLimit);
    }

    static AccountOpened opened(String accountId, String currency, long overdraftLimit) {
        return new AccountOpened(accountId, OWNER, currency, overdraftLimit);
    }

    static MoneyDeposited deposited(long amount) {
        return new MoneyDeposited(ACC, amount, "EUR", "");
    }

    static MoneyDeposited deposited(String accountId, long amount, String currency) {
        return new MoneyDeposited(accountId, amount, currency, "");
    }

    static MoneyWithdrawn withdrawn(long amount) {
        return new MoneyWithdrawn(ACC, amount, "EUR", "");
    }

    static AccountFrozen frozen() {
        return new AccountFrozen(ACC, "");
    }

    static AccountFrozen frozen(String accountId) {
        return new AccountFrozen(accountId, "");
    }

    static AccountUnfrozen unfrozen() {
        return new AccountUnfrozen(ACC, "");
    }

    static AccountClosed closed() {
        return new AccountClosed(ACC);
    }

    static AccountClosed closed(String accountId) {
        return new AccountClosed(accountId);
    }

    private Fixtures() {
    }
}
