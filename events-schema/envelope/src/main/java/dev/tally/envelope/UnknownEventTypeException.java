package dev.tally.envelope;

/**
 * The event is of a type, or a version of a type, that this reader does not know yet: written by a newer writer.
 * Readers skip and count it rather than treat it as poison (see {@link EventSchemaException} for broken payloads).
 */
public class UnknownEventTypeException extends EventSchemaException {

    public UnknownEventTypeException(String message) {
        super(message);
    }
}
