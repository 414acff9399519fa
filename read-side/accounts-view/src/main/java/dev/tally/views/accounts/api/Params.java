package dev.tally.views.accounts.api;

import dev.tally.projection.web.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses path and query parameters, answering 400 problems with a clear detail instead of a generic failure. */
final class Params {

    static final int MAX_PAGE_SIZE = 200;
    static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_OWNER_ID_LENGTH = 128;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Params() {
    }

    /** Account ids are UUIDs; the view stores them in lower case, as the write side issues them. */
    static String accountId(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw badRequest("invalid-account-id",
                    "account id must be a UUID, e.g. 0b0f3c1e-8d1f-4c1e-9a55-4b3c2d1e0f00");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    static String ownerId(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_OWNER_ID_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            throw badRequest("invalid-owner-id",
                    "owner id must be 1 to " + MAX_OWNER_ID_LENGTH + " characters without control characters");
        }
        return text;
    }

    /** The optional read-your-writes token: null when absent. */
    static Long minPosition(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return nonNegative(text, "minPosition", "invalid-min-position");
    }

    static int page(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long page = nonNegative(text, "page", "invalid-page");
        if (page > Integer.MAX_VALUE) {
            throw badRequest("invalid-page", "page must be at most " + Integer.MAX_VALUE);
        }
        return (int) page;
    }

    static int size(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        long size = nonNegative(text, "size", "invalid-size");
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw badRequest("invalid-size", "size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        return (int) size;
    }

    /** The first line of a page must be addressable as an int offset. */
    static void checkOffset(int page, int size) {
        if ((long) page * size > Integer.MAX_VALUE) {
            throw badRequest("invalid-page", "page " + page + " of size " + size + " is beyond any statement");
        }
    }

    private static long nonNegative(String text, String name, String code) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest(code, name + " must be a non-negative integer, was '" + text + "'");
    }

    private static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, detail);
    }
}
