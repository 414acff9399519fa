package dev.tally.ledger.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.eventstore.EventMetadata;
import dev.tally.eventstore.ExpectedVersion;
import dev.tally.eventstore.KeptStates;
import dev.tally.eventstore.LoadedStream;
import dev.tally.eventstore.NewEvent;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.eventstore.SnapshotCodec;
import dev.tally.eventstore.StreamReader;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.ledger.domain.AccountDecider;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.AccountStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** Translates between the bank's account streams and the generic event store: typed events in, JSON out. */
@ApplicationScoped
@RegisterForReflection(targets = {AccountState.class, AccountStatus.class})
public class AccountStreams {

    private final StreamReader store;
    private final EventTypes types = EventTypes.ledger();
    private final SnapshotCodec<AccountState> snapshots = new AccountStateCodec(new ObjectMapper());

    /**
     * The event store's one state cache ({@code tally.eventstore.state-cache-size}). Deciding on a kept state is safe:
     * the append names the version the decision was based on, so a stale state fails the append
     * (WrongExpectedVersion), the entry is dropped and the command decided again on fresh state.
     */
    private final KeptStates kept;

    AccountStreams(StreamReader store, KeptStates kept) {
        this.store = store;
        this.kept = kept;
    }

    /**
     * The account's state and the version it reflects (0 and NOT_OPENED for an unknown id): from the cache of states
     * this replica committed or loaded, unless {@code fresh}; else from the store (snapshot + tail).
     */
    public Uni<LoadedStream<AccountState>> load(String accountId, boolean fresh) {
        if (!fresh) {
            var cached = kept.kept(accountId, snapshots);
            if (cached.isPresent()) {
                return Uni.createFrom().item(cached.get());
            }
        }
        // Keeps the loaded state too, so the next command on the account reads nothing.
        return store.load(accountId, snapshots, AccountState.NOT_OPENED, this::evolve);
    }

    /** The state after a committed append, so the next command on the account needs no database read. */
    public void remember(String accountId, ExpectedVersion previous, long version, AccountState state) {
        // Loads served from kept states never reach the store's snapshot logic, so keeping also snapshots when due.
        kept.keep(accountId, snapshots, previous.version().orElseThrow(), version, state);
    }

    /** Drops a state that turned out stale (another replica appended to the stream). */
    public void forget(String accountId) {
        kept.forget(accountId);
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
