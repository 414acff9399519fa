package dev.tally.ledger.domain;

/**
 * Move {@code amount} minor units from one account to another of the same currency. {@code transferId} is chosen by
 * the caller (the decider has no random source) and links the two resulting events.
 */
public record Transfer(String transferId, String fromAccountId, String toAccountId, long amount, String reference) {
}
