package dev.tally.ledger.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the decider knows about one account: the fold of its stream, either {@link NotOpened} (an empty stream) or
 * {@link Opened} (whatever happened since: open, frozen or closed), so an opened account always has its id, owner and
 * currency. Code that needs those matches on the state ({@link #match}).
 *
 * <h2>Snapshots</h2>
 * The state is also the snapshot payload, stored as JSON together with {@link #STATE_SCHEMA_VERSION}. The JSON is the
 * one of schema version 1, before the state became two records: an {@link Opened} is written exactly as before
 * ({@code status, accountId, ownerId, currency, balance, overdraftLimit}), and {@code status} says which record a
 * snapshot is ({@code NOT_OPENED}, else {@link Opened}), so snapshots in existing databases read as they are. A
 * {@link NotOpened} is written as {@code {"status":"NOT_OPENED"}} and also read in the old form with null fields
 * (it is never snapshotted: only streams with events are). A snapshot with another version is ignored and the state
 * rebuilt from the events, so a new JSON shape only needs a version bump.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "status",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = AccountState.NotOpened.class, name = "NOT_OPENED"),
        @JsonSubTypes.Type(value = AccountState.Opened.class, names = {"OPEN", "FROZEN", "CLOSED"})})
public sealed interface AccountState permits AccountState.NotOpened, AccountState.Opened {

    /** Version of the states' JSON form in snapshots. */
    int STATE_SCHEMA_VERSION = 1;

    /** The state of an empty stream. */
    AccountState NOT_OPENED = new NotOpened();

    /** The exhaustive dispatch over states: {@code ifNotOpened} or {@code ifOpened}, by this state's type. */
    <R> R match(Function<NotOpened, R> ifNotOpened, Function<Opened, R> ifOpened);

    /** Lifecycle state; {@link AccountStatus#NOT_OPENED} exactly for {@link NotOpened}. */
    AccountStatus status();

    /** True once the account has been opened (whatever happened since). */
    default boolean exists() {
        return match(notOpened -> false, opened -> true);
    }

    // Readers of any state (the auditor, stand-in views) use these; deciding code matches on Opened instead.

    /** The account id; null for {@link NotOpened}. */
    String accountId();

    /** The owner; null for {@link NotOpened}. */
    String ownerId();

    /** ISO-4217 code; null for {@link NotOpened}. */
    String currency();

    /** Minor units; zero for {@link NotOpened}. */
    long balance();

    /** Minor units; zero for {@link NotOpened}. */
    long overdraftLimit();

    /** How much may still be debited: balance plus overdraft limit. */
    default long available() {
        return balance() + overdraftLimit();
    }

    /** No AccountOpened yet: nothing but the fact. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NotOpened() implements AccountState {

        @Override
        public <R> R match(Function<NotOpened, R> ifNotOpened, Function<Opened, R> ifOpened) {
            return ifNotOpened.apply(this);
        }

        @Override
        @JsonProperty("status")
        public AccountStatus status() {
            return AccountStatus.NOT_OPENED;
        }

        @Override
        public String accountId() {
            return null;
        }

        @Override
        public String ownerId() {
            return null;
        }

        @Override
        public String currency() {
            return null;
        }

        @Override
        public long balance() {
            return 0L;
        }

        @Override
        public long overdraftLimit() {
            return 0L;
        }
    }

    /**
     * An account that has been opened.
     *
     * @param status         {@code OPEN}, {@code FROZEN} or {@code CLOSED}
     * @param accountId      never null
     * @param ownerId        never null
     * @param currency       ISO-4217 code, never null
     * @param balance        minor units, never below {@code -overdraftLimit}
     * @param overdraftLimit minor units, zero or positive
     */
    record Opened(AccountStatus status, String accountId, String ownerId, String currency, long balance,
                  long overdraftLimit) implements AccountState {

        public Opened {
            if (status == null || status == AccountStatus.NOT_OPENED) {
                throw new IllegalArgumentException("an opened account is open, frozen or closed, not " + status);
            }
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(currency, "currency");
        }

        @Override
        public <R> R match(Function<NotOpened, R> ifNotOpened, Function<Opened, R> ifOpened) {
            return ifOpened.apply(this);
        }

        Opened with(AccountStatus newStatus) {
            return new Opened(newStatus, accountId, ownerId, currency, balance, overdraftLimit);
        }

        Opened withBalance(long newBalance) {
            return new Opened(status, accountId, ownerId, currency, newBalance, overdraftLimit);
        }
    }
}
