package dev.tally.bench;

import io.vertx.core.Future;

/** One request of a load: succeeds when the engine or service accepted it (2xx / row inserted), fails otherwise. */
@FunctionalInterface
interface Operation {

    /** {@code n} is the client number (closed loop) or the request's sequence number (open loop). */
    Future<Void> run(int n);
}
