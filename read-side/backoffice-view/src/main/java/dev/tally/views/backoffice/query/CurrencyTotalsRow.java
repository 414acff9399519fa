package dev.tally.views.backoffice.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of {@code backoffice_view.currency_totals}; amounts in minor units. Read only. */
@Entity
@Immutable
@Table(schema = "backoffice_view", name = "currency_totals")
public class CurrencyTotalsRow extends PanacheEntityBase {

    @Id
    public String currency;

    /** Accounts ever opened in this currency. */
    public long accounts;

    /** Accounts not closed (open or frozen). */
    @Column(name = "open_accounts")
    public long openAccounts;

    @Column(name = "frozen_accounts")
    public long frozenAccounts;

    @Column(name = "total_deposited")
    public long totalDeposited;

    @Column(name = "total_withdrawn")
    public long totalWithdrawn;

    @Column(name = "total_transferred")
    public long totalTransferred;

    @Column(name = "sum_of_balances")
    public long sumOfBalances;
}
