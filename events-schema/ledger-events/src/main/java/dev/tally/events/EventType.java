package dev.tally.events;

/**
 * One registered event type: its name (the simple class name, also the suffix of the CloudEvents {@code type}),
 * the Java record of its current version, and that version number.
 */
public record EventType(String name, Class<? extends LedgerEvent> javaType, int currentVersion) {

    /** Classpath location of the JSON Schema of one version of this type. */
    public String schemaResource(int version) {
        return EventTypes.schemaResource(name, version);
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code dev.tally.ledger.MoneyDeposited}. */
    public String cloudEventType() {
        return LedgerCloudEvents.CODEC.cloudEventType(name);
    }
}
