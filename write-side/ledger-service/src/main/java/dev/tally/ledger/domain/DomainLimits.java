package dev.tally.ledger.domain;

/**
 * Numeric bounds of the ledger, in minor units. They keep every sum far from {@code long} overflow: with the
 * defaults a balance stays within ±10^15 while {@code long} reaches 9.2·10^18.
 *
 * @param maxAmount         largest single deposit, withdrawal or transfer
 * @param maxOverdraftLimit largest overdraft limit an account may be opened with
 * @param maxBalance        largest balance an account may reach (a credit beyond it is refused)
 */
public record DomainLimits(long maxAmount, long maxOverdraftLimit, long maxBalance) {

    /** 1,000,000,000.00 in a two-decimal currency. */
    public static final long DEFAULT_MAX_AMOUNT = 1_000_000_000_00L;
    /** 1,000,000.00 in a two-decimal currency. */
    public static final long DEFAULT_MAX_OVERDRAFT_LIMIT = 1_000_000_00L;
    /** 10,000,000,000,000.00 in a two-decimal currency. */
    public static final long DEFAULT_MAX_BALANCE = 1_000_000_000_000_000L;

    /** Longest account id or transfer id (the JSON Schemas say the same). */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest owner id (the JSON Schemas say the same). */
    public static final int MAX_OWNER_ID_LENGTH = 128;
    /** Longest payment reference or freeze reason (the JSON Schemas say the same). */
    public static final int MAX_REFERENCE_LENGTH = 140;

    public static final DomainLimits DEFAULT =
            new DomainLimits(DEFAULT_MAX_AMOUNT, DEFAULT_MAX_OVERDRAFT_LIMIT, DEFAULT_MAX_BALANCE);

    public DomainLimits {
        if (maxAmount < 1 || maxOverdraftLimit < 0 || maxBalance < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxAmount + ", " + maxOverdraftLimit
                    + ", " + maxBalance);
        }
        // Headroom so that balance ± amount can never overflow, whatever the order of checks.
        if (maxBalance > Long.MAX_VALUE / 4 || maxAmount > Long.MAX_VALUE / 4 || maxOverdraftLimit > Long.MAX_VALUE / 4) {
            throw new IllegalArgumentException("limits too large to rule out overflow");
        }
    }
}
