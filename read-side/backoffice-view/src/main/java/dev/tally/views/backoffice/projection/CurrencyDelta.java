package dev.tally.views.backoffice.projection;

/**
 * What one batch adds to a currency's totals (every field a delta, added to the stored row).
 *
 * @param accounts       accounts opened
 * @param openAccounts   change of the number of accounts that are not closed
 * @param frozenAccounts change of the number of frozen accounts
 * @param deposited      sum of MoneyDeposited amounts
 * @param withdrawn      sum of MoneyWithdrawn amounts
 * @param transferred    sum of transfer amounts, each transfer once (its TransferSent half); moves no money in or out
 * @param balances       change of the sum of all balances: the sum of every event's balance effect
 */
public record CurrencyDelta(
        String currency,
        long accounts,
        long openAccounts,
        long frozenAccounts,
        long deposited,
        long withdrawn,
        long transferred,
        long balances) {

    static CurrencyDelta zero(String currency) {
        return new CurrencyDelta(currency, 0, 0, 0, 0, 0, 0, 0);
    }

    CurrencyDelta plusOpened() {
        return new CurrencyDelta(currency, accounts + 1, openAccounts, frozenAccounts, deposited, withdrawn,
                transferred, balances);
    }

    CurrencyDelta plusMoney(long depositedAmount, long withdrawnAmount, long transferredAmount, long balanceEffect) {
        return new CurrencyDelta(currency, accounts, openAccounts, frozenAccounts,
                Math.addExact(deposited, depositedAmount), Math.addExact(withdrawn, withdrawnAmount),
                Math.addExact(transferred, transferredAmount), Math.addExact(balances, balanceEffect));
    }

    CurrencyDelta plus(StatusTransition transition) {
        return new CurrencyDelta(currency, accounts,
                openAccounts + AccountStatuses.openCount(transition.to())
                        - AccountStatuses.openCount(transition.from()),
                frozenAccounts + AccountStatuses.frozenCount(transition.to())
                        - AccountStatuses.frozenCount(transition.from()),
                deposited, withdrawn, transferred, balances);
    }

    boolean isZero() {
        return accounts == 0 && openAccounts == 0 && frozenAccounts == 0 && deposited == 0 && withdrawn == 0
                && transferred == 0 && balances == 0;
    }
}
