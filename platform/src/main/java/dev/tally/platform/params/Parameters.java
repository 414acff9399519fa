package dev.tally.platform.params;

import dev.tally.platform.problem.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The path and query parameters every Tally service takes, parsed from their raw strings so that a bad value is a
 * 400 problem naming the parameter and the expected form (a typed JAX-RS parameter would answer 404 for a query
 * parameter it cannot convert). One rule and one code per kind of value in every service: the code is
 * {@code invalid-<what>} in kebab-case, {@code <what>} naming the value ({@code account-id}, {@code owner-id},
 * {@code min-position}, {@code page}, {@code size}, {@code limit}, or the parameter's own name for the rest).
 * Absent (null or empty) optional parameters take their fallback.
 */
public final class Parameters {

    /** An owner id as the ledger allows them (its {@code INVALID_OWNER_ID} rule). */
    public static final int MAX_OWNER_ID_LENGTH = 128;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("-?\\d{1,19}");

    private Parameters() {
    }

    /**
     * An account id: a UUID in its 8-4-4-4-12 form, as the write side issues them, answered in lower case (as
     * stored). Code {@code invalid-account-id}.
     */
    public static String accountId(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw bad("invalid-account-id", "account id must be a UUID, e.g. 3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** An owner id: 1 to {@value #MAX_OWNER_ID_LENGTH} characters, not blank, no control characters. */
    public static String ownerId(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_OWNER_ID_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            throw bad("invalid-owner-id",
                    "owner id must be 1 to " + MAX_OWNER_ID_LENGTH + " characters without control characters");
        }
        return text;
    }

    /**
     * The read-your-writes position a command answered ({@code minPosition}): null when absent (do not wait), else
     * a non-negative integer. Code {@code invalid-min-position}.
     */
    public static Long minPosition(String text) {
        if (absent(text)) {
            return null;
        }
        return wholeNumber("minPosition", text, 0, 0, Long.MAX_VALUE);
    }

    /** A 0-based page number, 0 when absent. Code {@code invalid-page}. */
    public static int page(String text) {
        return page(text, Integer.MAX_VALUE);
    }

    /** A 0-based page number up to {@code max}, 0 when absent. Code {@code invalid-page}. */
    public static int page(String text, int max) {
        return (int) wholeNumber("page", text, 0, 0, max);
    }

    /** A page size from 1 to {@code max}, {@code fallback} when absent. Code {@code invalid-size}. */
    public static int size(String text, int fallback, int max) {
        return (int) wholeNumber("size", text, fallback, 1, max);
    }

    /**
     * Checks that every row of the page can be addressed with an {@code int} offset (what SQL and Panache paging
     * compute): {@code (page + 1) * size <= Integer.MAX_VALUE}. Code {@code invalid-page}.
     */
    public static void requireReachable(int page, int size) {
        if (((long) page + 1) * size > Integer.MAX_VALUE) {
            throw bad("invalid-page", "page " + page + " of size " + size + " is beyond any result");
        }
    }

    /** How many items to answer, from 1 to {@code max}, {@code fallback} when absent. Code {@code invalid-limit}. */
    public static int limit(String text, int fallback, int max) {
        return (int) wholeNumber("limit", text, fallback, 1, max);
    }

    /**
     * A whole number in {@code [min, max]} (decimal digits, a leading minus only when {@code min} is negative),
     * {@code fallback} when absent. Code {@link #code(String) invalid-<name>}.
     */
    public static long wholeNumber(String name, String text, long fallback, long min, long max) {
        if (absent(text)) {
            return fallback;
        }
        if ((min < 0 ? SIGNED_DIGITS : DIGITS).matcher(text).matches()) {
            try {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException tooLarge) {
                // answered below
            }
        }
        throw bad(code(name), name + " must be a whole number from " + min + " to "
                + (max == Long.MAX_VALUE ? "2^63-1" : Long.toString(max)) + ", was '" + text + "'");
    }

    /** The code of a bad value of parameter {@code name}: {@code minPosition} gives {@code invalid-min-position}. */
    public static String code(String name) {
        return "invalid-" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A 400 problem for a bad parameter value. */
    public static ProblemException bad(String code, String detail) {
        return new ProblemException(400, code, detail);
    }

    private static boolean absent(String text) {
        return text == null || text.isEmpty();
    }
}
