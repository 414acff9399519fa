package dev.tally.eventstore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently loaded states of streams, in memory, least recently used evicted first. An entry is a fold of a
 * stream's events up to a version; events never change, so a cached state is never wrong, only possibly behind: a
 * load starts from it and reads just the events after it (usually none or a few, the ones this process appended
 * since). That saves reading and decoding a snapshot plus a tail of up to {@code snapshot-every} events per command.
 */
final class StateCache {

    /**
     * @param persistedVersion version of the newest snapshot known to be stored (or being stored) for this stream
     */
    record Entry(String stateType, int stateVersion, Object state, long version, long persistedVersion) {

        boolean isFor(SnapshotCodec<?> codec) {
            return stateType.equals(codec.stateType()) && stateVersion == codec.stateVersion();
        }

        boolean sameShapeAs(Entry other) {
            return stateType.equals(other.stateType) && stateVersion == other.stateVersion;
        }
    }

    private final Map<String, Entry> entries;

    StateCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached state of {@code streamId} folded with this codec's state shape, or null. */
    synchronized Entry get(String streamId, SnapshotCodec<?> codec) {
        Entry entry = entries.get(streamId);
        return entry != null && entry.isFor(codec) ? entry : null;
    }

    /** Keeps the newest of concurrent loads; a state of another codec shape replaces the entry. */
    synchronized void put(String streamId, Entry entry) {
        Entry current = entries.get(streamId);
        if (current == null || !current.sameShapeAs(entry) || current.version() <= entry.version()) {
            entries.put(streamId, entry);
        }
    }

    synchronized void remove(String streamId) {
        entries.remove(streamId);
    }

    synchronized void clear() {
        entries.clear();
    }
}
