package dev.tally.views.accounts.live;

import dev.tally.views.accounts.fold.AccountState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

/**
 * Fan-out of committed account states to live subscribers (server-sent events). Only states whose batch has
 * committed are published, so a subscriber never sees a change the view could still roll back.
 */
@ApplicationScoped
public class AccountUpdates {

    /** Per subscriber: changes it may lag behind before its stream fails (the client then reconnects). */
    static final int SUBSCRIBER_BUFFER = 1024;

    private final BroadcastProcessor<AccountState> processor = BroadcastProcessor.create();

    /** Synchronized: the processor takes one signal at a time, and a rebuild may publish from another thread. */
    public synchronized void publish(Collection<AccountState> states) {
        for (AccountState state : states) {
            processor.onNext(state);
        }
    }

    /** Every state of {@code accountId} published from now on (hot: nothing from before the subscription). */
    public Multi<AccountState> of(String accountId) {
        return processor.select().where(state -> state.accountId().equals(accountId))
                .onOverflow().buffer(SUBSCRIBER_BUFFER);
    }
}
