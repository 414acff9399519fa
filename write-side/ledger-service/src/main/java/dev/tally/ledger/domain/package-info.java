/**
 * The ledger's business rules as pure functions: no I/O, no clock, no random ids, no framework.
 *
 * <ul>
 *   <li>{@link dev.tally.ledger.domain.AccountDecider}: {@code decide(command, state) -> events} and
 *       {@code evolve(state, event) -> state} for one account.</li>
 *   <li>{@link dev.tally.ledger.domain.TransferDecider}: a transfer decided against both accounts' states, producing
 *       one event per account, to be appended to both streams in one transaction.</li>
 *   <li>A broken rule is thrown as a {@link dev.tally.ledger.domain.DomainRejection} carrying a
 *       {@link dev.tally.ledger.domain.Rejection} code; nothing is appended.</li>
 * </ul>
 * Money is always a {@code long} count of minor units plus an ISO-4217 code.
 */
package dev.tally.ledger.domain;
