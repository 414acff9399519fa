package dev.tally.eventstore;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Appends events to streams under an {@link ExpectedVersion} each. What an append promises is executable: the
 * conformance suite {@code dev.tally.eventstore.contract.EventStoreContract} (this module's test-jar).
 */
public interface StreamWriter {

    /**
     * Appends atomically (all streams or none) and returns once the append is durable. Fails with
     * {@link WrongExpectedVersionException} when a stream's condition does not hold, with
     * {@link DuplicateEventIdException} when an event id is already stored, and with {@link IllegalArgumentException}
     * for an empty list or a stream named twice; then nothing is written. Events get consecutive global positions in
     * the order given.
     */
    Uni<AppendResult> append(List<StreamAppend> appends);

    default Uni<AppendResult> append(StreamAppend append) {
        return append(List.of(append));
    }
}
