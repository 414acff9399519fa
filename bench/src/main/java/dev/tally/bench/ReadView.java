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

    /**
     * Copies {@code <module>/target/quarkus-app} of the repository to {@code <workDir>/apps/<name>} and answers the
     * copy's jar: the services run from copies taken at the start, so a build of the shared tree during the run
     * (which deletes and rewrites target/) cannot pull a service out from under the benchmark.
     */
    static java.nio.file.Path snapshot(java.nio.file.Path repo, String module, java.nio.file.Path workDir, String name)
            throws java.io.IOException {
        java.nio.file.Path source = repo.resolve(module).resolve("target/quarkus-app");
        java.nio.file.Path target = workDir.resolve("apps").resolve(name);
        if (java.nio.file.Files.exists(target)) {
            try (var old = java.nio.file.Files.walk(target)) {
                for (java.nio.file.Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        try (var files = java.nio.file.Files.walk(source)) {
            for (java.nio.file.Path p : files.toList()) {
                java.nio.file.Path to = target.resolve(source.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(p, to);
                }
            }
        }
        return target.resolve("quarkus-run.jar");
    }

    /** The account query that waits until the view has applied {@code position}. */
    String accountQuery(String accountId, long position) {
        return String.format(accountQuery, accountId) + "?minPosition=" + position;
    }
}
