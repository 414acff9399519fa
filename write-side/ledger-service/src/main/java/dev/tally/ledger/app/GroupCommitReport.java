package dev.tally.ledger.app;

import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.GroupCommitStats;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Logs how the group committer batched this run's commands, at shutdown (a first look until there are metrics). */
@ApplicationScoped
class GroupCommitReport {

    private static final Logger LOG = Logger.getLogger(GroupCommitReport.class);

    void onStop(@Observes ShutdownEvent stop, EventStore store) {
        GroupCommitStats stats = store.groupCommitStats();
        if (stats.batches() == 0) {
            return;
        }
        StringBuilder sizes = new StringBuilder();
        for (int size = 1; size < stats.batchesBySize().length; size++) {
            if (stats.batchesOfSize(size) > 0) {
                sizes.append(sizes.isEmpty() ? "" : ", ").append(size).append(": ").append(stats.batchesOfSize(size));
            }
        }
        LOG.infof("group commit: %d requests in %d batches (%.2f per batch, largest %d, %d run again one by one); "
                        + "batches by size {%s}", stats.requests(), stats.batches(),
                (double) stats.requests() / stats.batches(), stats.largestBatch(), stats.rerunAlone(), sizes);
    }
}
