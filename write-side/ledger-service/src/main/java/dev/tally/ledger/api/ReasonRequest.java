package dev.tally.ledger.api;

/** Optional body of freeze and unfreeze: why (kept in the event, shown to the back office and auditors). */
public record ReasonRequest(String reason) {}
