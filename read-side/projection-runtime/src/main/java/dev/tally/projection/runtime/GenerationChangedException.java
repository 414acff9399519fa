package dev.tally.projection.runtime;

/** The generation a consumer folds into is no longer in the state it expects (a rebuild switched over). */
public class GenerationChangedException extends RuntimeException {

    public GenerationChangedException(int generation, String expected, String actual) {
        super("generation " + generation + " is " + actual + ", expected " + expected, null, false, false);
    }
}
