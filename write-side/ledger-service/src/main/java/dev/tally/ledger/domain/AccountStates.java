package dev.tally.ledger.domain;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The states of several accounts by id: what a transfer decides on. An id without an entry is an account that does
 * not exist ({@link AccountState#NOT_OPENED}).
 */
public final class AccountStates {

    private static final AccountStates NONE = new AccountStates(Collections.emptyMap());

    private final Map<String, AccountState> byId;

    private AccountStates(Map<String, AccountState> byId) {
        this.byId = byId;
    }

    /** No account known yet. */
    public static AccountStates none() {
        return NONE;
    }

    /** {@code firstId} in {@code first} and {@code secondId} in {@code second} (the same id twice: the second wins). */
    public static AccountStates of(String firstId, AccountState first, String secondId, AccountState second) {
        return none().with(firstId, first).with(secondId, second);
    }

    /** The account's state; NOT_OPENED for one never seen. */
    public AccountState get(String accountId) {
        return byId.getOrDefault(accountId, AccountState.NOT_OPENED);
    }

    /** These states, with {@code accountId} in {@code state}. */
    public AccountStates with(String accountId, AccountState state) {
        // HashMap: a command's ids are validated by the decider, after the states are gathered (null included).
        Map<String, AccountState> copy = new HashMap<>(byId);
        copy.put(accountId, state);
        return new AccountStates(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountStates that && byId.equals(that.byId);
    }

    @Override
    public int hashCode() {
        return byId.hashCode();
    }

    @Override
    public String toString() {
        return "AccountStates" + byId;
    }
}
