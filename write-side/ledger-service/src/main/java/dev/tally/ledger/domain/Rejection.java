package dev.tally.ledger.domain;

/** Every business-rule violation the ledger can report, with a stable machine code (the constant's name). */
public enum Rejection {
    INVALID_ACCOUNT_ID(RejectionKind.INVALID_INPUT, "account id must be 1 to 64 characters, no control characters"),
    INVALID_OWNER_ID(RejectionKind.INVALID_INPUT, "owner id must be 1 to 128 characters, no control characters"),
    INVALID_TRANSFER_ID(RejectionKind.INVALID_INPUT, "transfer id must be 1 to 64 characters, no control characters"),
    INVALID_CURRENCY(RejectionKind.INVALID_INPUT, "currency must be an ISO-4217 code such as EUR"),
    INVALID_AMOUNT(RejectionKind.INVALID_INPUT, "amount must be a positive whole number of minor units within the limit"),
    INVALID_OVERDRAFT_LIMIT(RejectionKind.INVALID_INPUT, "overdraft limit must be zero or positive and within the limit"),
    INVALID_REFERENCE(RejectionKind.INVALID_INPUT, "reference must be at most 140 characters, no control characters"),
    INVALID_REASON(RejectionKind.INVALID_INPUT, "reason must be at most 140 characters, no control characters"),

    ACCOUNT_NOT_FOUND(RejectionKind.NOT_FOUND, "account does not exist"),

    ALREADY_OPEN(RejectionKind.STATE_CONFLICT, "account already exists"),
    ACCOUNT_FROZEN(RejectionKind.STATE_CONFLICT, "account is frozen"),
    ACCOUNT_CLOSED(RejectionKind.STATE_CONFLICT, "account is closed"),
    ALREADY_FROZEN(RejectionKind.STATE_CONFLICT, "account is already frozen"),
    NOT_FROZEN(RejectionKind.STATE_CONFLICT, "account is not frozen"),

    INSUFFICIENT_FUNDS(RejectionKind.BUSINESS_RULE, "balance would go below the overdraft limit"),
    CURRENCY_MISMATCH(RejectionKind.BUSINESS_RULE, "accounts hold different currencies"),
    SAME_ACCOUNT(RejectionKind.BUSINESS_RULE, "cannot transfer to the same account"),
    NON_ZERO_BALANCE(RejectionKind.BUSINESS_RULE, "only an account with a zero balance can be closed"),
    BALANCE_LIMIT_EXCEEDED(RejectionKind.BUSINESS_RULE, "balance would exceed the largest allowed balance");

    private final RejectionKind kind;
    private final String summary;

    Rejection(RejectionKind kind, String summary) {
        this.kind = kind;
        this.summary = summary;
    }

    /** Stable machine-readable code, e.g. {@code INSUFFICIENT_FUNDS}. */
    public String code() {
        return name();
    }

    public RejectionKind kind() {
        return kind;
    }

    /** A human sentence for the code in general (a problem's {@code title}); the exception has the specific one. */
    public String summary() {
        return summary;
    }
}
