package dev.tally.views.backoffice.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code backoffice_view.accounts}: the SQL view the runtime points at the active generation. Read only;
 * the projection writes the generation tables with SQL.
 */
@Entity
@Immutable
@Table(schema = "backoffice_view", name = "accounts")
public class AccountRow extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "owner_id")
    public String ownerId;

    public String currency;

    public String status;

    /** Minor units. */
    public long balance;

    @Column(name = "overdraft_limit")
    public long overdraftLimit;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Stream version of the account's last applied event. */
    public long version;

    /** A detached row from a plain SQL read of the same columns. */
    static AccountRow of(Row row) {
        AccountRow account = new AccountRow();
        account.accountId = row.getString("account_id");
        account.ownerId = row.getString("owner_id");
        account.currency = row.getString("currency");
        account.status = row.getString("status");
        account.balance = row.getLong("balance");
        account.overdraftLimit = row.getLong("overdraft_limit");
        OffsetDateTime openedAt = row.getOffsetDateTime("opened_at"); // null until the view has seen the opening
        account.openedAt = openedAt == null ? null : openedAt.toInstant();
        account.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        account.version = row.getLong("version");
        return account;
    }
}
