package dev.tally.fingerprint;

import java.util.function.Function;

/**
 * A field a view may report about an account in its consistency fingerprint, with its name on the wire and its Java
 * type. Each view declares the subset it reports (its rows carry exactly those, see {@link AccountFingerprint}); the
 * auditor compares every reported field with the event store's fold of the account. The key,
 * {@link AccountFingerprint#ACCOUNT_ID}, is not a field: it is how rows are matched.
 *
 * <p>The constants are in the order the auditor compares them (and lists an account's differences).
 */
public enum FingerprintField {
    /** The stream version the row reflects; the other fields are compared with the store at this version. */
    VERSION("version", Long.class, AccountFingerprint::version),
    CURRENCY("currency", String.class, AccountFingerprint::currency),
    /** Balance in minor units. */
    BALANCE("balance", Long.class, AccountFingerprint::balance),
    /** OPEN, FROZEN or CLOSED. */
    STATUS("status", String.class, AccountFingerprint::status),
    /** Lines of the account's statement: one per event that moved money. */
    STATEMENT_LINES("statementLines", Long.class, AccountFingerprint::statementLines),
    /** Sum of the statement's signed amounts: the balance, unless a line was lost or applied twice. */
    STATEMENT_SUM("statementSum", Long.class, AccountFingerprint::statementSum),
    /** Journal entries of the account: one per event, so the version. */
    JOURNAL_ENTRIES("journalEntries", Long.class, AccountFingerprint::journalEntries),
    /** Sum of the journal's signed amounts: the balance, unless an entry was lost or applied twice. */
    JOURNAL_SUM("journalSum", Long.class, AccountFingerprint::journalSum);

    private final String wireName;
    private final Class<?> type;
    private final Function<AccountFingerprint, Object> value;

    FingerprintField(String wireName, Class<?> type, Function<AccountFingerprint, Object> value) {
        this.wireName = wireName;
        this.type = type;
        this.value = value;
    }

    /** The JSON property name. */
    public String wireName() {
        return wireName;
    }

    /** {@code String} or {@code Long}: the type of {@link #valueIn} when the row reports this field. */
    public Class<?> type() {
        return type;
    }

    /** This field of the row; null when the row does not report it. */
    public Object valueIn(AccountFingerprint row) {
        return value.apply(row);
    }
}
