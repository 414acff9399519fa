package dev.tally.projection.runtime;

/**
 * Where a generation is in its life, stored by name in {@code <view>.generations.status} (the migration's CHECK
 * constraint lists the same names). Exactly one generation is ACTIVE; at most one is BUILDING.
 */
public enum GenerationStatus {
    /** Served: the SQL views point at it and the live consumer folds into it. */
    ACTIVE,
    /** Being rebuilt from the start of the log; becomes ACTIVE at the switch-over. */
    BUILDING,
    /** Replaced by a rebuild; its schema is kept or dropped ({@code keep-retired-generations}). */
    RETIRED,
    /** Given up; dropped like a retired one. */
    ABANDONED;

    /** The stored name; null or an unknown name (a row that vanished) is {@code null}. */
    static GenerationStatus stored(String name) {
        if (name == null) {
            return null;
        }
        for (GenerationStatus status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
