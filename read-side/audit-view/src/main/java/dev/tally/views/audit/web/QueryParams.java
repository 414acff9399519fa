package dev.tally.views.audit.web;

import dev.tally.projection.web.ProblemException;
import dev.tally.views.audit.fold.FlagKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Parses query and path parameters here rather than by JAX-RS conversion, so that every malformed value is a
 * 400 problem naming the parameter and the expected form (JAX-RS would answer 404 for a bad query parameter).
 */
final class QueryParams {

    static final int BAD_REQUEST = 400;

    private QueryParams() {
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    static long integer(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(BAD_REQUEST, "invalid-" + name,
                name + " must be an integer from " + min + " to " + (max == Long.MAX_VALUE ? "2^63-1" : max)
                        + ", was '" + value + "'");
    }

    /** The read-your-writes position, or null (do not wait). */
    static Long minPosition(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return integer("minPosition", value, 0, 0, Long.MAX_VALUE);
    }

    /** An account id: a UUID, answered in its canonical lower-case form (as the write side stores it). */
    static String accountId(String value) {
        try {
            UUID parsed = UUID.fromString(value.trim());
            if (parsed.toString().equalsIgnoreCase(value.trim())) {
                return parsed.toString();
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // answered below
        }
        throw new ProblemException(BAD_REQUEST, "invalid-account-id",
                "account ids are UUIDs, e.g. 3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a; was '" + value + "'");
    }

    /** An ISO-8601 instant with an offset ({@code 2026-03-01T10:15:30Z} or {@code ...+01:00}), or {@code fallback}. */
    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(BAD_REQUEST, "invalid-" + name,
                    name + " must be an ISO-8601 instant with an offset, e.g. 2026-03-01T10:15:30Z"
                            + " (encode '+' as %2B in a URL); was '" + value + "'");
        }
    }

    /** A flag kind, or null for any. */
    static FlagKind flagKind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return FlagKind.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(BAD_REQUEST, "invalid-kind",
                    "kind must be LARGE_AMOUNT or RAPID_BURST, was '" + value + "'");
        }
    }
}
