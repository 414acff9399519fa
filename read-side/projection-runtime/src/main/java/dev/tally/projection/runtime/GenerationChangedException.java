package dev.tally.projection.runtime;

/** The generation a consumer folds into is no longer in the state it expects (a rebuild switched over). */
public class GenerationChangedException extends RuntimeException {

    /** @param actual the state found, or null when the row is missing or its state could not be seen */
    public GenerationChangedException(int generation, GenerationStatus expected, GenerationStatus actual) {
        super("generation " + generation + " is " + (actual == null ? "missing or not " + expected : actual)
                + ", expected " + expected, null, false, false);
    }
}
