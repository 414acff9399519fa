/**
 * The ledger's business rules as pure functions: no I/O, no clock, no random ids, no framework.
 *
 * <ul>
 *   <li>{@link dev.tally.ledger.domain.AccountDecider}: one account as a {@link dev.tally.decider.Decider} over
 *       {@link dev.tally.ledger.domain.AccountCommand}, {@link dev.tally.ledger.domain.AccountState} (not opened /
 *       opened) and the ledger's events.</li>
 *   <li>{@link dev.tally.ledger.domain.TransferDecider}: a transfer as a decider over both accounts' states
 *       ({@link dev.tally.ledger.domain.AccountStates}), producing one event per account, to be appended to both
 *       streams in one transaction; each side's rules are the account decider's.</li>
 *   <li>A broken rule is thrown as a {@link dev.tally.ledger.domain.DomainRejection} carrying a
 *       {@link dev.tally.ledger.domain.Rejection} code; nothing is appended.</li>
 * </ul>
 * Money is always a {@code long} count of minor units plus an ISO-4217 code.
 */
package dev.tally.ledger.domain;
