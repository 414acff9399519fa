package dev.tally.projection.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the projection folds (running, catching up, rebuilding, or degraded by a gap: queries still answer);
 * not ready before the first generation exists or while the consumer loop fails (database or Kafka unreachable).
 */
@Readiness
@ApplicationScoped
public class ProjectionReadiness implements HealthCheck {

    private final ProjectionState state;
    private final LiveFrontier frontier;

    ProjectionReadiness(ProjectionState state, LiveFrontier frontier) {
        this.state = state;
        this.frontier = frontier;
    }

    @Override
    public HealthCheckResponse call() {
        ProjectionStatus status = state.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("projection").status(status.ready())
                .withData("status", status.name())
                .withData("generation", frontier.generation())
                .withData("frontier", frontier.frontier());
        if (state.failure() != null) {
            builder.withData("failure", state.failure());
        }
        return builder.build();
    }
}
