package dev.tally.ledger.domain;

import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.tally.ledger.domain.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvolveTest {

    @Test
    void aStreamFoldsIntoBalanceAndStatus() {
        List<LedgerEvent> stream = List.of(
                opened(2_000),
                deposited(10_000),
                withdrawn(2_500),
                new TransferSent(ACC, "t1", OTHER, 9_000, "EUR", ""),
                new TransferReceived(ACC, "t2", OTHER, 1_200, "EUR", ""),
                frozen());
        assertEquals(new AccountState.Opened(AccountStatus.FROZEN, ACC, OWNER, "EUR", -300, 2_000), AccountDecider.DEFAULT.fold(stream));
    }

    @Test
    void foldingFromASnapshotEqualsFoldingFromTheStart() {
        List<LedgerEvent> stream = List.of(opened(0), deposited(5), withdrawn(2), frozen(), unfrozen(), deposited(7));
        AccountState snapshot = AccountDecider.DEFAULT.fold(stream.subList(0, 3));
        assertEquals(AccountDecider.DEFAULT.fold(stream), AccountDecider.DEFAULT.fold(snapshot, stream.subList(3, stream.size())));
        assertEquals(10, AccountDecider.DEFAULT.fold(stream).balance());
    }

    @Test
    void aCorruptStreamIsRefused() {
        assertThrows(IllegalStateException.class, () -> AccountDecider.DEFAULT.fold(List.of(deposited(5))));
        assertThrows(IllegalStateException.class, () -> AccountDecider.DEFAULT.fold(List.of(opened(0), opened(0))));
        assertThrows(IllegalStateException.class,
                () -> AccountDecider.DEFAULT.fold(List.of(opened(0), new MoneyDeposited(OTHER, 5, "EUR", ""))));
        assertThrows(IllegalStateException.class,
                () -> AccountDecider.DEFAULT.fold(List.of(opened(0), new MoneyDeposited(ACC, 5, "USD", ""))));
    }

    @Test
    void arithmeticCannotWrapAround() {
        List<LedgerEvent> stream = new ArrayList<>(List.of(opened(0)));
        stream.add(deposited(Long.MAX_VALUE));
        stream.add(deposited(1));
        assertThrows(ArithmeticException.class, () -> AccountDecider.DEFAULT.fold(stream));
    }
}
