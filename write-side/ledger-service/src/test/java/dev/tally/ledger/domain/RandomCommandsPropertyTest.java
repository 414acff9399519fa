package dev.tally.ledger.domain;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.ledger.domain.AccountCommand.Close;
import dev.tally.ledger.domain.AccountCommand.Deposit;
import dev.tally.ledger.domain.AccountCommand.Freeze;
import dev.tally.ledger.domain.AccountCommand.OpenAccount;
import dev.tally.ledger.domain.AccountCommand.Unfreeze;
import dev.tally.ledger.domain.AccountCommand.Withdraw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random command sequences over a few accounts, checked against an independent model: the test sums the
 * amounts of each stream itself (not through the decider's fold) and checks after every step that
 * <ul>
 *   <li>the decider's state equals that sum, and it never goes below minus the overdraft limit;</li>
 *   <li>the sum of all balances equals total deposits minus total withdrawals (transfers move, never create);</li>
 *   <li>every acceptance and every money rejection is justified by the model (no false "insufficient funds", no
 *       debit from a frozen or closed account, nothing at all on a closed one).</li>
 * </ul>
 * A failing seed reproduces exactly.
 */
class RandomCommandsPropertyTest {

    /** Four live slots; a slot whose account gets closed is refilled with a new account of the same currency. */
    private static final List<String> SLOTS = List.of("a", "b", "c", "d");
    private static final DomainLimits LIMITS = new DomainLimits(5_000, 2_000, 20_000);

    /** Rejections seen over all seeds: every rule must have been hit at least once. */
    private static final Set<Rejection> SEEN = EnumSet.noneOf(Rejection.class);

    private final AccountDecider accounts = new AccountDecider(LIMITS);
    private final TransferDecider transfers = new TransferDecider(LIMITS);

    private final Map<String, List<LedgerEvent>> streams = new LinkedHashMap<>();
    private final List<String> live = new ArrayList<>(SLOTS);
    private long totalDeposited;
    private long totalWithdrawn;
    private Object lastCommand;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void invariantsHoldForEveryRandomSequence(long seed) {
        Random random = new Random(seed);
        SLOTS.forEach(id -> streams.put(id, new ArrayList<>()));
        int accepted = 0;
        int rejected = 0;
        for (int step = 0; step < 2_000; step++) {
            String id = pick(random, step);
            try {
                accepted += random.nextInt(10) < 3 ? transfer(random, id, step) : single(random, id);
            } catch (DomainRejection rejection) {
                justify(rejection);
                SEEN.add(rejection.rejection());
                rejected++;
            }
            checkInvariants("seed " + seed + " step " + step);
        }
        assertTrue(accepted > 250 && rejected > 100, "both outcomes exercised: " + accepted + "/" + rejected);
        assertTrue(streams.size() > SLOTS.size(), "some accounts were closed and replaced");
    }

    @AfterAll
    static void everyRuleWasExercised() {
        Set<Rejection> expected = EnumSet.of(Rejection.INVALID_AMOUNT, Rejection.ACCOUNT_NOT_FOUND,
                Rejection.ALREADY_OPEN, Rejection.ACCOUNT_FROZEN, Rejection.ACCOUNT_CLOSED, Rejection.ALREADY_FROZEN,
                Rejection.NOT_FROZEN, Rejection.INSUFFICIENT_FUNDS, Rejection.CURRENCY_MISMATCH,
                Rejection.SAME_ACCOUNT, Rejection.NON_ZERO_BALANCE, Rejection.BALANCE_LIMIT_EXCEEDED);
        expected.removeAll(SEEN);
        assertEquals(Set.of(), expected, "rules never hit by the random sequences");
    }

    /** Mostly a live account, sometimes any account ever seen (closed ones included). */
    private String pick(Random random, int step) {
        for (int slot = 0; slot < live.size(); slot++) {
            if ("CLOSED".equals(modelStatus(live.get(slot)))) {
                String fresh = SLOTS.get(slot) + step;
                live.set(slot, fresh);
                streams.put(fresh, new ArrayList<>());
            }
        }
        if (random.nextInt(10) == 0) {
            List<String> all = new ArrayList<>(streams.keySet());
            return all.get(random.nextInt(all.size()));
        }
        return live.get(random.nextInt(live.size()));
    }

    private static String currency(String id) {
        return id.startsWith("d") ? "USD" : "EUR";
    }

    private int single(Random random, String id) {
        // Fresh accounts get opened soon, so most of the run exercises open accounts.
        int choice = "NONE".equals(modelStatus(id)) && random.nextBoolean() ? 0 : random.nextInt(15);
        AccountCommand command = switch (choice) {
            case 0 -> new OpenAccount(id, "owner-" + id, currency(id), random.nextInt(3) * 1_000L);
            case 1, 2, 3 -> new Deposit(id, amount(random), "");
            case 4, 5, 6, 7 -> new Withdraw(id, amount(random), "");
            case 8 -> new Freeze(id, "");
            case 9 -> new Unfreeze(id, "");
            // Draining to exactly zero makes closing (and the zero-balance rule) reachable.
            case 10, 11 -> modelBalance(id) < 0 ? new Deposit(id, -modelBalance(id), "settle")
                    : modelBalance(id) > 0 ? new Withdraw(id, modelBalance(id), "drain") : new Close(id);
            // Right at the overdraft boundary, or one minor unit past it.
            case 12 -> new Withdraw(id, Math.max(1, modelBalance(id) + modelLimit(id) + random.nextInt(2)), "edge");
            default -> new Close(id);
        };
        lastCommand = command;
        List<LedgerEvent> events = accounts.decide(command, AccountDecider.DEFAULT.fold(streams.get(id)));
        assertEquals(1, events.size());
        LedgerEvent event = events.get(0);
        assertAcceptable(command, event);
        record(id, event);
        return 1;
    }

    private int transfer(Random random, String from, int step) {
        String to = pick(random, step);
        Transfer command = new Transfer("t" + step, from, to, amount(random), "");
        lastCommand = command;
        TransferDecision decision = transfers.decide(command,
                AccountDecider.DEFAULT.fold(streams.get(from)), AccountDecider.DEFAULT.fold(streams.get(to)));
        assertTrue(!from.equals(to), "transfer to itself accepted");
        assertEquals(currency(from), currency(to), "currency mismatch accepted");
        assertEquals(decision.sent().amount(), decision.received().amount());
        assertEquals(decision.sent().transferId(), decision.received().transferId());
        assertEquals("OPEN", modelStatus(from), "debit from a non-open account");
        assertTrue(!"CLOSED".equals(modelStatus(to)) && !"NONE".equals(modelStatus(to)), "credit to " + modelStatus(to));
        assertTrue(modelBalance(from) - command.amount() >= -modelLimit(from), "overdrawn by transfer");
        record(from, decision.sent());
        record(to, decision.received());
        return 1;
    }

    private void assertAcceptable(AccountCommand command, LedgerEvent event) {
        String id = command.accountId();
        String status = modelStatus(id);
        if (command instanceof OpenAccount) {
            assertEquals("NONE", status, "opened twice");
        } else {
            assertTrue(!"NONE".equals(status) && !"CLOSED".equals(status), event + " accepted on " + status);
        }
        if (command instanceof Withdraw w) {
            assertEquals("OPEN", status, "debit on " + status);
            assertTrue(modelBalance(id) - w.amount() >= -modelLimit(id), "overdrawn");
        }
        if (command instanceof Close) {
            assertEquals("OPEN", status);
            assertEquals(0, modelBalance(id), "closed with money in it");
        }
    }

    /** A rejection must be backed by the model. */
    private void justify(DomainRejection rejection) {
        String id = rejection.accountId();
        switch (rejection.rejection()) {
            case INSUFFICIENT_FUNDS -> {
                long amount = lastCommand instanceof Withdraw w ? w.amount() : ((Transfer) lastCommand).amount();
                assertTrue(modelBalance(id) - amount < -modelLimit(id), "false insufficient funds on " + id);
            }
            case ACCOUNT_NOT_FOUND -> assertEquals("NONE", modelStatus(id));
            case ACCOUNT_CLOSED -> assertEquals("CLOSED", modelStatus(id));
            case ACCOUNT_FROZEN, ALREADY_FROZEN -> assertEquals("FROZEN", modelStatus(id));
            case NOT_FROZEN -> assertEquals("OPEN", modelStatus(id));
            case ALREADY_OPEN -> assertTrue(!"NONE".equals(modelStatus(id)));
            case NON_ZERO_BALANCE -> assertTrue(modelBalance(id) != 0);
            case BALANCE_LIMIT_EXCEEDED -> {
                long amount = lastCommand instanceof Deposit d ? d.amount() : ((Transfer) lastCommand).amount();
                assertTrue(modelBalance(id) + amount > LIMITS.maxBalance());
            }
            case INVALID_AMOUNT -> {
                long amount = lastCommand instanceof Transfer t ? t.amount()
                        : lastCommand instanceof Deposit d ? d.amount() : ((Withdraw) lastCommand).amount();
                assertTrue(amount < 1 || amount > LIMITS.maxAmount(), "valid amount " + amount + " refused");
            }
            case SAME_ACCOUNT -> {
                Transfer t = (Transfer) lastCommand;
                assertEquals(t.fromAccountId(), t.toAccountId());
            }
            case CURRENCY_MISMATCH -> {
                Transfer t = (Transfer) lastCommand;
                assertTrue(!currency(t.fromAccountId()).equals(currency(t.toAccountId())));
            }
            default -> fail("unexpected rejection " + rejection.code() + ": " + rejection.getMessage());
        }
    }

    private void record(String id, LedgerEvent event) {
        streams.get(id).add(event);
        if (event instanceof MoneyDeposited d) {
            totalDeposited += d.amount();
        } else if (event instanceof MoneyWithdrawn w) {
            totalWithdrawn += w.amount();
        }
    }

    private void checkInvariants(String where) {
        long sum = 0;
        for (String id : streams.keySet()) {
            AccountState state = AccountDecider.DEFAULT.fold(streams.get(id));
            long model = modelBalance(id);
            assertEquals(model, state.balance(), where + ": balance of " + id + " is not the fold of its events");
            assertTrue(state.balance() >= -modelLimit(id), where + ": " + id + " below minus its overdraft limit");
            sum += state.balance();
        }
        assertEquals(totalDeposited - totalWithdrawn, sum, where + ": money created or destroyed");
    }

    // The model: computed from the raw events, independently of AccountDecider.evolve and balanceEffect().

    private long modelBalance(String id) {
        long balance = 0;
        for (LedgerEvent event : streams.get(id)) {
            if (event instanceof MoneyDeposited e) {
                balance += e.amount();
            } else if (event instanceof TransferReceived e) {
                balance += e.amount();
            } else if (event instanceof MoneyWithdrawn e) {
                balance -= e.amount();
            } else if (event instanceof TransferSent e) {
                balance -= e.amount();
            }
        }
        return balance;
    }

    private long modelLimit(String id) {
        return streams.get(id).isEmpty() ? 0 : ((AccountOpened) streams.get(id).get(0)).overdraftLimit();
    }

    private String modelStatus(String id) {
        String status = "NONE";
        for (LedgerEvent event : streams.get(id)) {
            if (event instanceof AccountOpened || event instanceof AccountUnfrozen) {
                status = "OPEN";
            } else if (event instanceof AccountFrozen) {
                status = "FROZEN";
            } else if (event instanceof AccountClosed) {
                status = "CLOSED";
            }
        }
        return status;
    }

    private static long amount(Random random) {
        // Mostly valid, sometimes at or past the bounds.
        int pick = random.nextInt(20);
        if (pick == 0) {
            return 0;
        }
        if (pick == 1) {
            return LIMITS.maxAmount() + 1;
        }
        return 1 + random.nextInt((int) LIMITS.maxAmount());
    }
}
