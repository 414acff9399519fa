package dev.tally.events;

import dev.tally.envelope.EnvelopeCodec;

/**
 * How the ledger names its events on the log: CloudEvents {@code source} {@value #SOURCE} and {@code type}
 * {@value #TYPE_PREFIX}{@code <EventName>}. The envelope knows no producer; this is the ledger's codec, used by
 * every reader of the ledger's topic and by tests that write to it. The outbox relay gets the same two values from
 * its configuration ({@code tally.relay.source}, {@code tally.relay.type-prefix}).
 */
public final class LedgerCloudEvents {

    public static final String SOURCE = "/tally/ledger";
    public static final String TYPE_PREFIX = "dev.tally.ledger.";

    /** Writes and reads the ledger's records; rejects records of any other source or type prefix. */
    public static final EnvelopeCodec CODEC = new EnvelopeCodec(SOURCE, TYPE_PREFIX);

    private LedgerCloudEvents() {
    }
}
