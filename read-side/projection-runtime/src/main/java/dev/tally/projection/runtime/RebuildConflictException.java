package dev.tally.projection.runtime;

/** A rebuild is already running: only one generation can be BUILDING at a time. */
public class RebuildConflictException extends RuntimeException {

    private final int building;

    public RebuildConflictException(int building) {
        super("generation " + building + " is already being rebuilt", null, false, false);
        this.building = building;
    }

    public int building() {
        return building;
    }
}
