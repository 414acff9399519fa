package dev.tally.outbox;

/** A batch was not fully acknowledged; it is read again from the checkpoint. */
final class PublishException extends RuntimeException {
    PublishException(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + cause, cause);
    }
}
