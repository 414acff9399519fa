package dev.tally.projection.runtime;

/**
 * One table set of the view: generation {@code n} lives in schema {@code <view>_g<n>}.
 *
 * @param n      generation number, 1 for the first
 * @param schema the PostgreSQL schema holding its tables and its {@code stream_versions}
 */
public record Generation(int n, String schema) {

    public static Generation of(String view, int n) {
        return new Generation(n, view + "_g" + n);
    }
}
