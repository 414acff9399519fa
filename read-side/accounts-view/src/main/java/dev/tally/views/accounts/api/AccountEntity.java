package dev.tally.views.accounts.api;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * An account as queries read it: the SQL view {@code accounts_view.accounts}, which the projection runtime points at
 * the active generation. Read-only; the projection writes the generation tables with the SQL client.
 */
@Entity
@Immutable
@Table(schema = "accounts_view", name = "accounts")
public class AccountEntity extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "currency")
    public String currency;

    @Column(name = "balance")
    public long balance;

    @Column(name = "overdraft_limit")
    public long overdraftLimit;

    @Column(name = "status")
    public String status;

    @Column(name = "version")
    public long version;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_position")
    public long lastPosition;
}
