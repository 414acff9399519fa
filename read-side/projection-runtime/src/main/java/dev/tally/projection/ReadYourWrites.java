package dev.tally.projection;

import io.smallrye.mutiny.Uni;

/**
 * Lets a query wait until the view reflects a write. Every command answer of the write side carries the global
 * position of its last event; positions are dense and gap-free, so "the view has applied every event up to P" is
 * exact: the runtime tracks that frontier (including events dead-lettered or skipped, which count as handled).
 *
 * <p>Usage in a resource: {@code return readYourWrites.await(minPosition).chain(() -> query(...));} where
 * {@code minPosition} is the optional {@code minPosition} query parameter (null = don't wait). When the view has
 * not reached it within {@code tally.projection.read-your-writes-timeout}, the Uni fails with
 * {@link ViewNotCaughtUpException}, which the runtime answers as 503 problem+json with Retry-After: never stale
 * data presented as fresh.
 */
public interface ReadYourWrites {

    /** Completes when every event with position {@code <= minPosition} is applied; immediately if null or <= 0. */
    Uni<Void> await(Long minPosition);

    /** The highest position P such that every event up to P has been handled by the active generation. */
    long frontier();
}
