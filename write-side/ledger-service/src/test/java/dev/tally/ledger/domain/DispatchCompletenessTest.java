package dev.tally.ledger.domain;

import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.EventType;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.ledger.domain.AccountCommand.Close;
import dev.tally.ledger.domain.AccountCommand.Deposit;
import dev.tally.ledger.domain.AccountCommand.Freeze;
import dev.tally.ledger.domain.AccountCommand.OpenAccount;
import dev.tally.ledger.domain.AccountCommand.Unfreeze;
import dev.tally.ledger.domain.AccountCommand.Withdraw;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tally.ledger.domain.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every subtype of every sealed hierarchy the deciders dispatch over (commands, events, states) has a branch: the
 * test walks {@link Class#getPermittedSubclasses()}, needs a sample of each subtype (so a new subtype fails here until
 * it gets one), and checks that decide or evolve gives a real answer for it (events, a state or a rule's rejection),
 * never "unsupported".
 */
class DispatchCompletenessTest {

    private final AccountDecider accounts = new AccountDecider();
    private final TransferDecider transfers = new TransferDecider();

    /** The open account the samples act on: 100 EUR minor units, no overdraft. */
    private final AccountState open = accounts.fold(List.of(opened(0), deposited(100)));

    @Test
    void everyCommandIsDecided() {
        Map<Class<?>, AccountCommand> samples = samples(AccountCommand.class,
                new OpenAccount(OTHER, OWNER, "EUR", 0),
                new Deposit(ACC, 10, ""),
                new Withdraw(ACC, 10, ""),
                new Freeze(ACC, ""),
                new Unfreeze(ACC, ""),
                new Close(ACC));
        samples.forEach((type, command) -> {
            AccountState state = command instanceof OpenAccount ? AccountState.NOT_OPENED
                    : command instanceof Unfreeze ? accounts.evolve(open, frozen())
                    : command instanceof Close ? accounts.evolve(open, withdrawn(100)) : open;
            List<LedgerEvent> events = accounts.decide(command, state);
            assertEquals(1, events.size(), type.getSimpleName());
            assertEquals(command.accountId(), events.get(0).accountId());
        });
    }

    @Test
    void everyEventIsEvolved() {
        Map<Class<?>, LedgerEvent> samples = samples(LedgerEvent.class,
                opened(0),
                deposited(5),
                withdrawn(5),
                new TransferSent(ACC, "t1", OTHER, 5, "EUR", ""),
                new TransferReceived(ACC, "t2", OTHER, 5, "EUR", ""),
                frozen(),
                unfrozen(),
                closed());
        samples.forEach((type, event) -> {
            AccountState before = event instanceof AccountOpened ? AccountState.NOT_OPENED
                    : event instanceof AccountUnfrozen ? accounts.evolve(open, frozen()) : open;
            AccountState after = accounts.evolve(before, event);
            assertNotEquals(before, after, type.getSimpleName() + " changes nothing");
            AccountStates both = transfers.evolve(AccountStates.none().with(ACC, before), event);
            assertEquals(after, both.get(ACC), type.getSimpleName() + " through the transfer decider");
        });
    }

    @Test
    void everyStateIsMatchedAndDecidedOn() {
        Map<Class<?>, AccountState> samples = samples(AccountState.class, AccountState.NOT_OPENED, open);
        samples.forEach((type, state) -> {
            String matched = state.match(notOpened -> "not opened", opened -> "opened");
            assertEquals(state.exists() ? "opened" : "not opened", matched);
            try {
                assertFalse(accounts.decide(new Deposit(ACC, 1, ""), state).isEmpty());
            } catch (DomainRejection rejection) {
                assertEquals(Rejection.ACCOUNT_NOT_FOUND, rejection.rejection(), type.getSimpleName());
            }
        });
    }

    @Test
    void aTransferDecidesOneEventPerAccount() {
        AccountState to = accounts.fold(List.of(opened(OTHER, "EUR", 0)));
        List<LedgerEvent> events = transfers.decide(new Transfer("t", ACC, OTHER, 10, ""),
                AccountStates.of(ACC, open, OTHER, to));
        assertEquals(List.of(TransferSent.class, TransferReceived.class),
                events.stream().map(Object::getClass).collect(Collectors.toList()));
    }

    @Test
    void theEventsStoredAreExactlyTheSealedHierarchy() {
        // Covering LedgerEvent's permitted subtypes covers every event type the store can hand to evolve.
        assertEquals(Set.of(LedgerEvent.class.getPermittedSubclasses()),
                EventTypes.ledger().all().stream().map(EventType::javaType).collect(Collectors.toSet()));
    }

    /** One sample per permitted subtype of {@code sealedType}, no subtype missing, none twice. */
    @SafeVarargs
    private static <T> Map<Class<?>, T> samples(Class<T> sealedType, T... samples) {
        assertTrue(sealedType.isSealed(), sealedType + " is sealed");
        Map<Class<?>, T> byType = new LinkedHashMap<>();
        for (T sample : samples) {
            assertEquals(null, byType.put(sample.getClass(), sample), "two samples of " + sample.getClass());
        }
        Set<Class<?>> permitted = Arrays.stream(sealedType.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(permitted, byType.keySet(), "a sample of each permitted subtype of " + sealedType.getSimpleName()
                + ": a new subtype needs a sample here and a branch in the decider");
        return byType;
    }
}
