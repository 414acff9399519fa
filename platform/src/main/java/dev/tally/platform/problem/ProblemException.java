package dev.tally.platform.problem;

/**
 * An expected failure that knows its answer: throw it (or fail a Uni with it) from a resource, e.g.
 * {@code new ProblemException(404, "account-not-found", "No account " + id)}; {@link ProblemMappers} answers it as
 * {@code application/problem+json} with the request's path and correlation id.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String code, String detail) {
        this(Problem.of(status, code, detail));
    }

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public String code() {
        return problem.code();
    }
}
