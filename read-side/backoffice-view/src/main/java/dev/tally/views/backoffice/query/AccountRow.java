package dev.tally.views.backoffice.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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
}
