package dev.tally.envelope;

/**
 * An event payload cannot be turned into the reader's event type: unknown type, unknown version, or a payload that does
 * not match its type. Readers dead-letter the record; it is never retried into success.
 */
public class EventSchemaException extends RuntimeException {

    public EventSchemaException(String message) {
        super(message);
    }

    public EventSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
