package dev.tally.envelope;

import java.util.List;

/**
 * The fixed Kafka mapping of an event: CloudEvents 1.0 in <em>binary mode</em>, so any standard Kafka or
 * CloudEvents client can read it.
 * <ul>
 *   <li>record key: the stream id, UTF-8, so each stream stays in order on one partition;</li>
 *   <li>record value: the event data, UTF-8 JSON;</li>
 *   <li>headers: the constants below, every value a UTF-8 string, numbers in decimal.</li>
 * </ul>
 * The extension attribute names follow the CloudEvents naming rule (lower-case letters and digits only). The values
 * of {@code ce_source} and the prefix of {@code ce_type} belong to the producer: see {@link EnvelopeCodec}.
 */
public final class CloudEventHeaders {

    /** Prefix of CloudEvents header names in the Kafka binding. */
    public static final String PREFIX = "ce_";

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** The Kafka binding maps {@code datacontenttype} to this plain header, not to a {@code ce_} one. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String STREAM_ID = "ce_streamid";
    public static final String STREAM_VERSION = "ce_streamversion";
    public static final String POSITION = "ce_position";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String CAUSATION_ID = "ce_causationid";
    public static final String TRACEPARENT = "ce_traceparent";
    public static final String ACTOR = "ce_actor";

    /** Extension attribute names as a CloudEvents SDK exposes them (header name without {@link #PREFIX}). */
    public static final String EXT_SCHEMA_VERSION = "schemaversion";
    public static final String EXT_STREAM_ID = "streamid";
    public static final String EXT_STREAM_VERSION = "streamversion";
    public static final String EXT_POSITION = "position";
    public static final String EXT_CORRELATION_ID = "correlationid";
    public static final String EXT_CAUSATION_ID = "causationid";
    public static final String EXT_TRACEPARENT = "traceparent";
    public static final String EXT_ACTOR = "actor";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String CONTENT_TYPE_VALUE = "application/json";

    /** Every header {@link EnvelopeCodec#toHeaders} may write, in the order it writes them. */
    public static final List<String> ALL = List.of(
            SPEC_VERSION, ID, SOURCE, TYPE, SUBJECT, TIME, CONTENT_TYPE,
            SCHEMA_VERSION, STREAM_ID, STREAM_VERSION, POSITION,
            CORRELATION_ID, CAUSATION_ID, TRACEPARENT, ACTOR);

    private CloudEventHeaders() {
    }
}
