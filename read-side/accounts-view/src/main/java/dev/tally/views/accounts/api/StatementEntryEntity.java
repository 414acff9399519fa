package dev.tally.views.accounts.api;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** One statement line as queries read it: the SQL view {@code accounts_view.statement_entries}. Read-only. */
@Entity
@Immutable
@IdClass(StatementEntryEntity.Key.class)
@Table(schema = "accounts_view", name = "statement_entries")
public class StatementEntryEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "version")
    public long version;

    @Column(name = "position")
    public long position;

    @Column(name = "time")
    public Instant time;

    @Column(name = "kind")
    public String kind;

    /** Signed minor units: positive for credits, negative for debits. */
    @Column(name = "amount")
    public long amount;

    @Column(name = "balance_after")
    public long balanceAfter;

    @Column(name = "reference")
    public String reference;

    @Column(name = "counterparty_account_id")
    public String counterpartyAccountId;

    @Column(name = "transfer_id")
    public String transferId;

    /** The primary key: a line per account and stream version. */
    public static class Key implements Serializable {
        public String accountId;
        public long version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && version == that.version && Objects.equals(accountId, that.accountId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, version);
        }
    }
}
