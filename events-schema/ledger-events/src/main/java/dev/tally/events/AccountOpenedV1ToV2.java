package dev.tally.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AccountOpened v1 predates overdrafts and has no {@code overdraftLimit}. A v1 account could never go below zero, so
 * the faithful v2 reading is {@code overdraftLimit = 0}.
 */
final class AccountOpenedV1ToV2 implements Upcaster {

    @Override
    public String eventName() {
        return "AccountOpened";
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public ObjectNode upcast(ObjectNode payload) {
        if (!payload.has("overdraftLimit")) {
            payload.put("overdraftLimit", 0L);
        }
        return payload;
    }
}
