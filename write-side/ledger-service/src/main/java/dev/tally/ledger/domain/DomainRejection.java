package dev.tally.ledger.domain;

/**
 * A command broke a business rule; nothing must be appended. Thrown (not returned) because every caller handles it
 * the same way, by turning it into a problem response, and a decider stays a plain function returning events.
 * No stack trace is captured: a rejection is an expected outcome and cheap under load.
 */
public final class DomainRejection extends RuntimeException {

    private final Rejection rejection;
    private final String accountId;

    public DomainRejection(Rejection rejection, String accountId, String message) {
        super(message, null, false, false);
        this.rejection = rejection;
        this.accountId = accountId;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** Shortcut for {@code rejection().code()}. */
    public String code() {
        return rejection.code();
    }

    public RejectionKind kind() {
        return rejection.kind();
    }

    /** The account the rule is about (for a transfer: the one that failed it); may be null for input errors. */
    public String accountId() {
        return accountId;
    }
}
