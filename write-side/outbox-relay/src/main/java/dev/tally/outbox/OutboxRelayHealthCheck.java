package dev.tally.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the relay. A standby replica (not leader) is ready, and so is a leader that cannot reach Kafka:
 * commands do not depend on publication. Only a relay whose thread died while it should run is reported down.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    @Inject
    OutboxRelayService relay;

    @Override
    public HealthCheckResponse call() {
        RelayStatus status = relay.status();
        boolean up = !status.started() || status.alive();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox-relay").status(up)
                .withData("enabled", relay.enabled())
                .withData("started", status.started())
                .withData("leader", status.leader())
                .withData("checkpoint", status.checkpoint())
                .withData("publishedEvents", status.publishedEvents())
                .withData("lagP99Micros", status.lag().p99Micros());
        if (status.lastError() != null) {
            builder.withData("lastError", status.lastError());
        }
        return builder.build();
    }
}
