package dev.tally.projection.runtime;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;

/**
 * Two statements sent on one connection back to back, without waiting for the first answer: the reactive client
 * queues them in subscription order, and PostgreSQL runs them in that order. The result is the first one's; a failure
 * is the first failure (the other statement's, if any, is its consequence, e.g. a COMMIT answered as a rollback).
 */
final class Pipelined {

    private Pipelined() {
    }

    static <T> Uni<T> inOrder(Uni<T> first, Uni<?> second) {
        return Uni.combine().all().unis(first, second).collectFailures().asTuple()
                .map(tuple -> tuple.getItem1())
                .onFailure(CompositeException.class).transform(e -> ((CompositeException) e).getCauses().get(0));
    }
}
