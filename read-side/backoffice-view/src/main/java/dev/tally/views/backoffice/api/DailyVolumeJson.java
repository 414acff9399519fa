package dev.tally.views.backoffice.api;

import dev.tally.views.backoffice.query.DailyVolumeRow;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.LocalDate;

/** Money moved on one UTC day in one currency, in minor units; a transfer counts once. */
@RegisterForReflection
public record DailyVolumeJson(
        LocalDate day,
        String currency,
        long deposited,
        long withdrawn,
        long transferred,
        long depositCount,
        long withdrawalCount,
        long transferCount) {

    static DailyVolumeJson of(DailyVolumeRow row) {
        return new DailyVolumeJson(row.day, row.currency, row.deposited, row.withdrawn, row.transferred,
                row.depositCount, row.withdrawalCount, row.transferCount);
    }
}
