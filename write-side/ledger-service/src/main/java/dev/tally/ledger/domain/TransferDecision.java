package dev.tally.ledger.domain;

import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;

/**
 * The two events of one transfer: {@code sent} goes to the source account's stream, {@code received} to the
 * destination's, both in one transaction with each stream's expected version.
 */
public record TransferDecision(TransferSent sent, TransferReceived received) {
}
