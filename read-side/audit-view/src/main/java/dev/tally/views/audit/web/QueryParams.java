package dev.tally.views.audit.web;

import dev.tally.platform.params.Parameters;
import dev.tally.platform.problem.ProblemException;
import dev.tally.views.audit.fold.FlagKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The audit view's own query parameters (instants, flag kinds), parsed like tally-platform's {@link Parameters} and
 * with its scheme of codes; account ids, positions, pages, sizes and limits are {@link Parameters}' own.
 */
final class QueryParams {

    static final int BAD_REQUEST = 400;

    private QueryParams() {
    }

    /** An ISO-8601 instant with an offset ({@code 2026-03-01T10:15:30Z} or {@code ...+01:00}), or {@code fallback}. */
    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(BAD_REQUEST, Parameters.code(name),
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
