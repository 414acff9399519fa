package dev.tally.views.audit.fold;

import java.time.Instant;

/**
 * A raised flag. Its id is derived from the event (position and kind), so a rebuild produces the same ids.
 */
public record Flag(String id, long position, String accountId, FlagKind kind, String detail, Instant time) {

    public static String idOf(long position, FlagKind kind) {
        return position + "-" + kind.name();
    }
}
