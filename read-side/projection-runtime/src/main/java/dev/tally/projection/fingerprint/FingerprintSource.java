package dev.tally.projection.fingerprint;

import dev.tally.projection.web.KeyRange;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What a view plugs into the runtime's {@link FingerprintResource}: its rows for a range of keys. Implement it as a
 * CDI bean (one per service); the runtime does the rest (path, parameters, security, waiting for
 * {@code minPosition}, the page around the rows). The row type is the view's: a record Quarkus REST writes as JSON,
 * for Tally's views {@code dev.tally.fingerprint.AccountFingerprint}, which declares the fields on the wire.
 *
 * @param <R> the row type
 */
public interface FingerprintSource<R> {

    /** The view's name, answered as the page's {@code view}. */
    String view();

    /**
     * The rows with keys in {@code (range.after(), range.until()]} ({@code until} null: open-ended), in key order, at
     * most {@code range.limit()}. Called on the request's Vert.x context once the view has applied
     * {@code range.minPosition()}, so a Hibernate Reactive session or the reactive client can be used directly; must
     * not block.
     *
     * @param frontier the view's frontier when the rows are read: every event up to it is applied; a view whose
     *                 tables keep history may cut its rows there
     */
    Uni<List<R>> rows(KeyRange range, long frontier);
}
