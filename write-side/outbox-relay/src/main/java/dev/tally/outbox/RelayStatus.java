package dev.tally.outbox;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A relay instance's state, for health checks, tests and benchmarks.
 *
 * @param instanceId          random id of this relay instance (also in its Kafka client id and thread name)
 * @param started             start() called and not stopped
 * @param alive               its thread is running
 * @param leader              it holds the lock, so it is the one publishing
 * @param checkpoint          last position it knows to be published (-1 before it first led)
 * @param publishedEvents     events this instance got acknowledged since it was created
 * @param lastLagMicros       lag of the last acknowledged event, -1 if none
 * @param lastPublishedAt     when its last batch was fully acknowledged
 * @param lag                 lag percentiles of everything it published
 * @param lastError           last batch failure, if any
 * @param lockBackendPid      PostgreSQL pid of its lock session, 0 if not connected
 */
@RegisterForReflection
public record RelayStatus(String instanceId, boolean started, boolean alive, boolean leader, long checkpoint,
                          long publishedEvents, long lastLagMicros, Instant lastPublishedAt, LagStats lag,
                          String lastError, int lockBackendPid) {
}
