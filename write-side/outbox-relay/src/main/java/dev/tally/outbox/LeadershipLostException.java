package dev.tally.outbox;

/** The relay's lock session is gone: stop publishing, do not advance the checkpoint. */
final class LeadershipLostException extends RuntimeException {

    LeadershipLostException(String message) {
        super(message, null, false, false);
    }
}
