package dev.tally.views.backoffice.api;

import dev.tally.projection.web.ProblemException;
import dev.tally.views.backoffice.projection.AccountStatuses;
import dev.tally.views.backoffice.query.AccountSearch;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and checks query parameters, taken as raw strings so every bad value gets a 400 problem that names the
 * parameter (a typed JAX-RS parameter would answer 404 for a query parameter it cannot convert).
 */
final class QueryParameters {

    static final String MIN_POSITION = "the position a command answered: waits (bounded) until the view has applied "
            + "it, else 503 with Retry-After";
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
    private static final int MAX_ID_LENGTH = 64;

    private QueryParameters() {
    }

    static AccountSearch accountSearch(String owner, String status, String currency, String minBalance,
                                       String maxBalance, String sort, String order, String page, String size) {
        Long min = optionalLong("minBalance", minBalance, "invalid-balance");
        Long max = optionalLong("maxBalance", maxBalance, "invalid-balance");
        if (min != null && max != null && min > max) {
            throw bad("invalid-balance-range", "minBalance (" + min + ") must not exceed maxBalance (" + max + ")");
        }
        int pageSize = size == null ? DEFAULT_SIZE : intIn("size", size, 1, MAX_SIZE, "invalid-page");
        int pageIndex = page == null ? 0 : intIn("page", page, 0, Integer.MAX_VALUE / pageSize - 1, "invalid-page");
        return new AccountSearch(owner(owner), status(status), currency(currency), min, max, sortField(sort),
                descending(order), pageIndex, pageSize);
    }

    static String owner(String owner) {
        if (owner == null) {
            return null;
        }
        if (owner.isEmpty() || owner.length() > MAX_ID_LENGTH || owner.chars().anyMatch(Character::isISOControl)) {
            throw bad("invalid-owner", "owner must be 1 to " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
        return owner;
    }

    /** An account id as the ledger allows them: 1 to 64 characters, no control characters. */
    static String accountId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw bad("invalid-account-id", "account id must be 1 to " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
        return id;
    }

    static String status(String status) {
        if (status == null) {
            return null;
        }
        String upper = status.toUpperCase(Locale.ROOT);
        if (!AccountStatuses.ALL.contains(upper)) {
            throw bad("invalid-status", "status must be one of " + AccountStatuses.ALL + ", not '" + status + "'");
        }
        return upper;
    }

    static String currency(String currency) {
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw bad("INVALID_CURRENCY", "currency must be an ISO-4217 code of three capital letters, e.g. EUR, not '"
                    + currency + "'");
        }
        return currency;
    }

    static AccountSearch.SortField sortField(String sort) {
        if (sort == null) {
            return AccountSearch.SortField.OPENED_AT;
        }
        return Arrays.stream(AccountSearch.SortField.values())
                .filter(field -> field.apiName().equals(sort))
                .findFirst()
                .orElseThrow(() -> bad("invalid-sort", "sort must be one of balance, owner, openedAt, updatedAt, not '"
                        + sort + "'"));
    }

    static boolean descending(String order) {
        if (order == null || order.equals("asc")) {
            return false;
        }
        if (order.equals("desc")) {
            return true;
        }
        throw bad("invalid-sort", "order must be asc or desc, not '" + order + "'");
    }

    static LocalDate optionalDate(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("invalid-date", name + " must be a date as YYYY-MM-DD, not '" + value + "'");
        }
    }

    static void dateRange(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw bad("invalid-date-range", "from (" + from + ") must not be after to (" + to + ")");
        }
    }

    /** The read-your-writes position; null = don't wait. */
    static Long minPosition(String value) {
        Long position = optionalLong("minPosition", value, "invalid-position");
        if (position != null && position < 0) {
            throw bad("invalid-position", "minPosition must not be negative, was " + position);
        }
        return position;
    }

    private static Long optionalLong(String name, String value, String code) {
        if (value == null) {
            return null;
        }
        if (INTEGER.matcher(value).matches()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException tooLarge) {
                // falls through to the problem below
            }
        }
        throw bad(code, name + " must be a whole number" + (code.equals("invalid-balance") ? " of minor units" : "")
                + ", not '" + value + "'");
    }

    private static int intIn(String name, String value, int min, int max, String code) {
        if (!value.matches("\\d{1,10}")) {
            throw bad(code, name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw bad(code, name + " must be from " + min + " to " + max + ", not " + parsed);
        }
        return (int) parsed;
    }

    static ProblemException bad(String code, String detail) {
        return new ProblemException(400, code, detail);
    }
}
