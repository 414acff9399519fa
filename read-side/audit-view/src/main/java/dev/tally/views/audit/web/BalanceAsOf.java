package dev.tally.views.audit.web;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * An account's balance at a past instant: the balance after its last event recorded at or before {@code asOf}.
 *
 * @param version  the account's stream version after that event
 * @param position that event's global position
 */
@RegisterForReflection
public record BalanceAsOf(String accountId, Instant asOf, long balance, String currency, long version, long position) {
}
