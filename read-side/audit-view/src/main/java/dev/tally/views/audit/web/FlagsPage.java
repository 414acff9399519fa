package dev.tally.views.audit.web;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** A page of flags (ascending by position), with the number of flags matching the filter. */
@RegisterForReflection
public record FlagsPage(List<Item> items, int page, int size, long total, long frontier) {

    @RegisterForReflection
    public record Item(String id, long position, String accountId, String kind, String detail, Instant time) {
    }
}
