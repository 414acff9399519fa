package dev.tally.views.backoffice.projection;

/**
 * An account's status before and after a batch, in its currency; {@code from} is null for an account opened in the
 * batch. The open and frozen counters of the currency totals move by these transitions, so they stay right whatever
 * path an account took within the batch.
 */
public record StatusTransition(String currency, String from, String to) {
}
