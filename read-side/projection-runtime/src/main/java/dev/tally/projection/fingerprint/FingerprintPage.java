package dev.tally.projection.fingerprint;

import java.util.List;

/**
 * One answer of {@code GET /consistency/accounts}: the view's name, its frontier when the rows were read (at least
 * the {@code minPosition} asked for) and the rows in key order. A page shorter than the {@code limit} asked for is the
 * last of its range.
 */
public record FingerprintPage<R>(String view, long frontier, List<R> accounts) {

    public FingerprintPage {
        accounts = List.copyOf(accounts);
    }
}
