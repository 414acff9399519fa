package dev.tally.views.accounts.projection;

import dev.tally.views.accounts.fold.AccountState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Account states a batch produced, held from {@code apply} until the runtime reports the batch committed (or
 * forgotten, if its transaction failed and the batch is never reported). Keyed by the batch object itself.
 */
final class PendingUpdates {

    /**
     * Far more than can be in flight at once: the live batch between apply and commit, plus a rebuild's batches,
     * which apply into a generation that is not served yet and are never reported committed (so they age out here).
     */
    private static final int MAX_PENDING = 64;

    private final Map<BatchKey, List<AccountState>> byBatch = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BatchKey, List<AccountState>> eldest) {
            return size() > MAX_PENDING;
        }
    };

    synchronized void put(List<?> batch, List<AccountState> states) {
        byBatch.put(new BatchKey(batch), states);
    }

    synchronized List<AccountState> take(List<?> batch) {
        return byBatch.remove(new BatchKey(batch));
    }

    /** Identity, not equality: comparing batches element by element would hash every event's payload. */
    private record BatchKey(List<?> batch) {
        @Override
        public boolean equals(Object other) {
            return other instanceof BatchKey that && that.batch == batch;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(batch);
        }
    }
}
