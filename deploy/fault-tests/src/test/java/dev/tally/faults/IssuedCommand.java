package dev.tally.faults;

/**
 * One command the load sent, after every retry with its Idempotency-Key: how it ended, and what went wrong on the way.
 *
 * @param key            the Idempotency-Key every attempt carried
 * @param kind           open, deposit, withdraw, transfer, freeze or unfreeze
 * @param expectedEvents events a successful command appends (1, or 2 for a transfer)
 * @param finalStatus    the definite answer (2xx or 4xx), or 0 if the load gave up before getting one
 * @param position       the position a 2xx answer carried (-1 otherwise)
 * @param attempts       requests sent for this command
 * @param unavailable    attempts answered 503 problem+json
 * @param timedOut       attempts that timed out on the client
 * @param refused        attempts that could not connect (the service was down)
 * @param serverErrors   attempts answered with a 5xx other than a 503 problem+json (a 500, a bare 503): never right
 * @param dropped        attempts whose connection broke without an answer (reset, closed): expected only when the
 *                       process was killed
 * @param replayMismatch a second request with the same key got a different answer than the first
 * @param firstBroken    what the first server error or dropped attempt got, for the failure message
 */
record IssuedCommand(String key, String kind, int expectedEvents, int finalStatus, long position, int attempts,
                     int unavailable, int timedOut, int refused, int serverErrors, int dropped, boolean replayMismatch,
                     String firstBroken) {

    boolean acknowledged() {
        return finalStatus >= 200 && finalStatus < 300;
    }

    boolean rejected() {
        return finalStatus >= 400;
    }

    boolean unresolved() {
        return finalStatus == 0;
    }

    /** The first answer was not definite: the outcome was unknown to the client until a retry told it. */
    boolean retried() {
        return attempts > 1;
    }
}
