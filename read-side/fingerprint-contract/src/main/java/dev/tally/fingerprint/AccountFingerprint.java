package dev.tally.fingerprint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one view believes one account is: one row of {@code GET /consistency/accounts}, the page a view answers for
 * the write service's consistency auditor. A view fills the {@linkplain FingerprintField fields} it declares and
 * leaves the others null; null fields are not written ({@code NON_NULL}), so on the wire a row carries
 * {@value #ACCOUNT_ID} and exactly the view's fields, e.g. the back office's
 * {@code {"accountId":"..","currency":"EUR","balance":500,"version":2,"status":"OPEN"}}.
 *
 * <p>Why a module of its own: the views (through Quarkus REST) write this record and the auditor on the write side
 * reads it, and the write side must not link the projection runtime (Kafka consumers, generations). Sharing this tiny
 * jar, which depends on nothing but Jackson's annotations, keeps one definition of the wire instead of two copies
 * held together by a test (see the projection runtime's README, "Consistency fingerprint").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountFingerprint(String accountId, String currency, Long balance, Long version, String status,
                                 Long statementLines, Long statementSum, Long journalEntries, Long journalSum) {

    /** The JSON property of the key, by which the auditor matches rows with the store's accounts. */
    public static final String ACCOUNT_ID = "accountId";

    public AccountFingerprint {
        Objects.requireNonNull(accountId, ACCOUNT_ID);
    }

    /** A row with the fields every view reports; add the others with the {@code with...} methods. */
    public static AccountFingerprint of(String accountId, String currency, long balance, long version) {
        return new AccountFingerprint(accountId, currency, balance, version, null, null, null, null, null);
    }

    public AccountFingerprint withStatus(String status) {
        return new AccountFingerprint(accountId, currency, balance, version, status, statementLines, statementSum,
                journalEntries, journalSum);
    }

    public AccountFingerprint withStatement(long lines, long sum) {
        return new AccountFingerprint(accountId, currency, balance, version, status, lines, sum, journalEntries,
                journalSum);
    }

    public AccountFingerprint withJournal(long entries, long sum) {
        return new AccountFingerprint(accountId, currency, balance, version, status, statementLines, statementSum,
                entries, sum);
    }

    /** The JSON properties of a row that reports {@code fields}: {@value #ACCOUNT_ID} and their wire names. */
    public static Set<String> wireNames(Set<FingerprintField> fields) {
        Set<String> names = new TreeSet<>(Set.of(ACCOUNT_ID));
        fields.forEach(field -> names.add(field.wireName()));
        return names;
    }

    /** The fields this row reports (those not null). */
    public Set<FingerprintField> reported() {
        Set<FingerprintField> reported = EnumSet.noneOf(FingerprintField.class);
        for (FingerprintField field : FingerprintField.values()) {
            if (field.valueIn(this) != null) {
                reported.add(field);
            }
        }
        return reported;
    }
}
