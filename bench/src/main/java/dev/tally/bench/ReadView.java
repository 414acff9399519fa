package dev.tally.bench;

/**
 * The three read services as the read benchmark drives them: where their jar is, and the query each answers for one
 * account with read-your-writes ({@code minPosition}).
 */
enum ReadView {

    ACCOUNTS("accounts-view", "read-side/accounts-view", "/accounts/%s"),
    BACKOFFICE("backoffice-view", "read-side/backoffice-view", "/accounts/%s"),
    AUDIT("audit-view", "read-side/audit-view", "/accounts/%s/balance");

    final String service;
    final String module;
    private final String accountQuery;

    ReadView(String service, String module, String accountQuery) {
        this.service = service;
        this.module = module;
        this.accountQuery = accountQuery;
    }

    String jar() {
        return module + "/target/quarkus-app/quarkus-run.jar";
    }

    /** The account query that waits until the view has applied {@code position}. */
    String accountQuery(String accountId, long position) {
        return String.format(accountQuery, accountId) + "?minPosition=" + position;
    }
}
