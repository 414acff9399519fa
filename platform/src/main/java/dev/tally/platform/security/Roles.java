package dev.tally.platform.security;

/**
 * The roles a Tally token can carry in its {@code groups} claim. The README's access matrix says which role may call
 * what; each resource enforces its row with {@code @RolesAllowed} and, for customers, an ownership check.
 */
public final class Roles {

    /** An account holder; the token's {@code sub} is the owner id of their accounts. */
    public static final String CUSTOMER = "customer";
    /** Staff: reads every account, freezes and unfreezes. */
    public static final String BACKOFFICE = "backoffice";
    /** Compliance: reads the audit view and the event streams. */
    public static final String AUDITOR = "auditor";
    /** Operators: everything, including projection rebuilds and the relay. */
    public static final String ADMIN = "admin";

    private Roles() {}
}
