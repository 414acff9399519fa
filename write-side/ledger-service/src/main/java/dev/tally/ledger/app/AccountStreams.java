package dev.tally.ledger.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.eventstore.EventMetadata;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.LoadedStream;
import dev.tally.eventstore.NewEvent;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.eventstore.SnapshotCodec;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.ledger.domain.AccountDecider;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.AccountStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** Translates between the bank's account streams and the generic event store: typed events in, JSON out. */
@ApplicationScoped
@RegisterForReflection(targets = {AccountState.class, AccountStatus.class})
public class AccountStreams {

    private final EventStore store;
    private final EventTypes types = EventTypes.ledger();
    private final SnapshotCodec<AccountState> snapshots = new AccountStateCodec(new ObjectMapper());

    /**
     * Deciding on a cached state is safe: the append names the version the decision was based on, so a stale state
     * fails the append (WrongExpectedVersion), the entry is dropped and the command decided again on fresh state.
     */
    private final Cache<String, LoadedStream<AccountState>> cache;

    AccountStreams(EventStore store, @ConfigProperty(name = "tally.commands.state-cache-size") long cacheSize) {
        this.store = store;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * The account's state and the version it reflects (0 and NOT_OPENED for an unknown id): from the cache of states
     * this replica committed or loaded, unless {@code fresh}; else from the store (snapshot + tail).
     */
    public Uni<LoadedStream<AccountState>> load(String accountId, boolean fresh) {
        LoadedStream<AccountState> cached = fresh ? null : cache.getIfPresent(accountId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return store.load(accountId, snapshots, AccountState.NOT_OPENED, this::evolve)
                .invoke(loaded -> {
                    if (loaded.exists()) {
                        cache.put(accountId, loaded);
                    }
                });
    }

    /** The state after a committed append, so the next command on the account needs no database read. */
    public void remember(String accountId, long previousVersion, long version, AccountState state) {
        cache.asMap().merge(accountId, new LoadedStream<>(state, version, 0, 0),
                (old, now) -> old.version() > now.version() ? old : now);
        // Loads served from this cache never reach the store, so the store is told when a snapshot is due.
        store.snapshotIfDue(accountId, previousVersion, version, snapshots, state);
    }

    /** Drops a state that turned out stale (another replica appended to the stream). */
    public void forget(String accountId) {
        cache.invalidate(accountId);
    }

    public LedgerEvent decode(RecordedEvent recorded) {
        return types.deserialize(recorded.type(), recorded.schemaVersion(), recorded.data());
    }

    public List<NewEvent> encode(List<? extends LedgerEvent> events, CommandContext context) {
        EventMetadata metadata = new EventMetadata(context.correlationId(), context.causationId(),
                context.traceparent(), context.actor());
        return events.stream()
                .map(event -> new NewEvent(UUID.randomUUID(), types.nameOf(event), types.of(event).currentVersion(),
                        types.serializeToString(event), metadata))
                .toList();
    }

    private AccountState evolve(AccountState state, RecordedEvent recorded) {
        return AccountDecider.DEFAULT.evolve(state, decode(recorded));
    }

    /** Snapshots of {@link AccountState} as plain JSON; a new state shape only needs a new version number. */
    private record AccountStateCodec(ObjectMapper json) implements SnapshotCodec<AccountState> {

        @Override
        public String stateType() {
            return "AccountState";
        }

        @Override
        public int stateVersion() {
            return AccountState.STATE_SCHEMA_VERSION;
        }

        @Override
        public String encode(AccountState state) {
            try {
                return json.writeValueAsString(state);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public AccountState decode(String text) {
            try {
                return json.readValue(text, AccountState.class);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
