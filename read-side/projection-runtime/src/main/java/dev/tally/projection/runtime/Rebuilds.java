package dev.tally.projection.runtime;

import dev.tally.projection.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Zero-downtime rebuilds of the view into a new generation. */
@ApplicationScoped
public class Rebuilds {

    /** Starts a rebuild; completes with the new generation's number. */
    public Uni<Integer> start() {
        return Uni.createFrom().failure(new ProblemException(501, "not-implemented", "Rebuilds are not available yet"));
    }
}
