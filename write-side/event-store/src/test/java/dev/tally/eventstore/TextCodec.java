package dev.tally.eventstore;

/** A snapshot codec for tests whose state is a string stored as it is. */
final class TextCodec implements SnapshotCodec<String> {

    private final String type;
    private final int version;

    private TextCodec(String type, int version) {
        this.type = type;
        this.version = version;
    }

    static SnapshotCodec<String> of(String type, int version) {
        return new TextCodec(type, version);
    }

    @Override
    public String stateType() {
        return type;
    }

    @Override
    public int stateVersion() {
        return version;
    }

    @Override
    public String encode(String state) {
        return state;
    }

    @Override
    public String decode(String json) {
        return json;
    }
}
