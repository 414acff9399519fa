package dev.tally.views.audit.fold;

/**
 * What the audit view remembers about an account between batches: enough to continue the fold (balance, currency,
 * version) and the burst rule (recent debits).
 *
 * @param currency null only if the account's opening event never reached this view
 */
public record AccountAudit(String accountId, String currency, long balance, long version, FlagRules.DebitWindow debits) {

    /** An account this view has not seen yet. */
    public static AccountAudit unseen(String accountId) {
        return new AccountAudit(accountId, null, 0L, 0L, FlagRules.DebitWindow.EMPTY);
    }
}
