package dev.tally.views.backoffice.projection;

import java.time.LocalDate;

/**
 * What one batch adds to the volumes of one UTC day in one currency. A transfer counts once, by its TransferSent
 * half (the TransferReceived half is the same money).
 */
public record DailyVolumeDelta(
        LocalDate day,
        String currency,
        long deposited,
        long withdrawn,
        long transferred,
        long depositCount,
        long withdrawalCount,
        long transferCount) {

    static DailyVolumeDelta zero(LocalDate day, String currency) {
        return new DailyVolumeDelta(day, currency, 0, 0, 0, 0, 0, 0);
    }

    DailyVolumeDelta plusDeposit(long amount) {
        return new DailyVolumeDelta(day, currency, Math.addExact(deposited, amount), withdrawn, transferred,
                depositCount + 1, withdrawalCount, transferCount);
    }

    DailyVolumeDelta plusWithdrawal(long amount) {
        return new DailyVolumeDelta(day, currency, deposited, Math.addExact(withdrawn, amount), transferred,
                depositCount, withdrawalCount + 1, transferCount);
    }

    DailyVolumeDelta plusTransfer(long amount) {
        return new DailyVolumeDelta(day, currency, deposited, withdrawn, Math.addExact(transferred, amount),
                depositCount, withdrawalCount, transferCount + 1);
    }

    /** Key of the row: day, then currency. */
    record Key(LocalDate day, String currency) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay : currency.compareTo(other.currency);
        }
    }
}
