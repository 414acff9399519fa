package dev.tally.eventstore;

/**
 * Turns a caller's folded state into snapshot JSON and back. {@link #stateType()} and {@link #stateVersion()} identify
 * the shape: a stored snapshot whose type or version differs is ignored (the stream is folded from its first event and
 * a fresh snapshot replaces it), so changing the state's shape only needs a new version number.
 *
 * @param <S> the state type
 */
public interface SnapshotCodec<S> {

    String stateType();

    int stateVersion();

    /** JSON text of {@code state}. */
    String encode(S state);

    S decode(String json);
}
