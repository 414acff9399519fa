package dev.tally.views.backoffice.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** A row of {@code backoffice_view.daily_volumes}: one UTC day in one currency, amounts in minor units. Read only. */
@Entity
@Immutable
@IdClass(DailyVolumeRow.Key.class)
@Table(schema = "backoffice_view", name = "daily_volumes")
public class DailyVolumeRow extends PanacheEntityBase {

    @Id
    public LocalDate day;

    @Id
    public String currency;

    public long deposited;

    public long withdrawn;

    public long transferred;

    @Column(name = "deposit_count")
    public long depositCount;

    @Column(name = "withdrawal_count")
    public long withdrawalCount;

    @Column(name = "transfer_count")
    public long transferCount;

    /** The composite primary key (day, currency). */
    public static class Key implements Serializable {

        public LocalDate day;
        public String currency;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(day, that.day)
                    && Objects.equals(currency, that.currency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(day, currency);
        }
    }
}
