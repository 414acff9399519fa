package dev.tally.eventstore;

/** An appended event id is already in the store (event ids are unique). Nothing of the append was written. */
public class DuplicateEventIdException extends RuntimeException {

    public DuplicateEventIdException(String detail, Throwable cause) {
        super("duplicate event id: " + detail, cause);
    }
}
