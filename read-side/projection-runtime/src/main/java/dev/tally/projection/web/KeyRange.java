package dev.tally.projection.web;

import dev.tally.platform.problem.ProblemException;

/**
 * A page of a view's rows in key order, as the consistency fingerprint endpoints take it: keys after {@code after}
 * (exclusive; "" = from the start) up to {@code until} (inclusive; null = open-ended), at most {@code limit}, read
 * once the view has applied {@code minPosition} (null = no wait). Bad values are 400 problems.
 */
public record KeyRange(String after, String until, int limit, Long minPosition) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 500;
    private static final int MAX_KEY_LENGTH = 64;

    /** From the query parameters {@code after}, {@code until}, {@code limit} and {@code minPosition}. */
    public static KeyRange parse(String after, String until, String limit, String minPosition) {
        return new KeyRange(after == null ? "" : key("after", after),
                until == null || until.isEmpty() ? null : key("until", until),
                limit(limit), minPosition(minPosition));
    }

    private static String key(String name, String value) {
        if (value.length() > MAX_KEY_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(400, "invalid-" + name,
                    name + " must be an id: up to " + MAX_KEY_LENGTH + " characters without control characters");
        }
        return value;
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-limit", "limit must be an integer from 1 to " + MAX_LIMIT
                + ", was '" + value + "'");
    }

    private static Long minPosition(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-min-position",
                "minPosition must be a non-negative integer, was '" + value + "'");
    }
}
