package dev.tally.views.accounts.api;

import dev.tally.projection.ReadYourWrites;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Read-your-writes for the resources: waits until the view has applied {@code minPosition}, then continues on the
 * request's own Vert.x context, where Hibernate Reactive keeps the request's session (the runtime may complete the
 * wait from another thread).
 */
@ApplicationScoped
class Freshness {

    private final ReadYourWrites readYourWrites;

    Freshness(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    Uni<Void> await(Long minPosition) {
        if (minPosition == null || minPosition <= 0) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> wait = readYourWrites.await(minPosition);
        Context context = Vertx.currentContext();
        return context == null ? wait : wait.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
