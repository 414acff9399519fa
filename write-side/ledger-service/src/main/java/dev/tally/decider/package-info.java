/**
 * The decider contract, generic and free of any domain: {@link dev.tally.decider.Decider} (initial state, decide,
 * evolve, fold) and {@link dev.tally.decider.Dispatch}, a dispatch table over a sealed hierarchy that refuses to be
 * built without a handler for every permitted subtype (exhaustive dispatch on Java 17, without pattern switch).
 * Nothing here knows the ledger; the ledger's deciders live in {@code dev.tally.ledger.domain}.
 */
package dev.tally.decider;
