package dev.tally.views.backoffice.api;

import dev.tally.views.backoffice.query.CurrencyTotalsRow;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Totals of one currency, money in minor units. Once the view has caught up,
 * {@code sumOfBalances == totalDeposited - totalWithdrawn} (transfers move money between accounts of one currency,
 * so they change neither side; {@code totalTransferred} is their volume).
 *
 * @param accounts       accounts ever opened
 * @param openAccounts   accounts not closed (open or frozen)
 * @param frozenAccounts accounts frozen now
 */
@RegisterForReflection
public record CurrencyTotalsJson(
        String currency,
        long accounts,
        long openAccounts,
        long frozenAccounts,
        long totalDeposited,
        long totalWithdrawn,
        long totalTransferred,
        long sumOfBalances) {

    static CurrencyTotalsJson of(CurrencyTotalsRow row) {
        return new CurrencyTotalsJson(row.currency, row.accounts, row.openAccounts, row.frozenAccounts,
                row.totalDeposited, row.totalWithdrawn, row.totalTransferred, row.sumOfBalances);
    }
}
