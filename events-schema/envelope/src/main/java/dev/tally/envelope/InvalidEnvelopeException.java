package dev.tally.envelope;

/**
 * A Kafka record is not a valid CloudEvent of the expected producer: a header is missing or malformed, or key and headers disagree.
 * Readers dead-letter such a record; {@link #header()} names the culprit.
 */
public class InvalidEnvelopeException extends RuntimeException {

    private final String header;

    public InvalidEnvelopeException(String header, String message) {
        super(message);
        this.header = header;
    }

    public InvalidEnvelopeException(String header, String message, Throwable cause) {
        super(message, cause);
        this.header = header;
    }

    /** The header (or {@code key} / {@code value}) that made the record invalid. */
    public String header() {
        return header;
    }
}
