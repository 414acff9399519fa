package dev.tally.views.backoffice.api;

import dev.tally.platform.params.Parameters;
import dev.tally.platform.problem.ProblemException;
import dev.tally.views.backoffice.projection.AccountStatuses;
import dev.tally.views.backoffice.query.AccountSearch;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and checks the back-office view's own query parameters (search filters, sort, dates), taken as raw strings so
 * every bad value gets a 400 problem that names the parameter, with tally-platform's scheme of codes; account ids,
 * owner ids, positions, pages and sizes are {@link Parameters}' own.
 */
final class QueryParameters {

    static final String MIN_POSITION = "the position a command answered: waits (bounded) until the view has applied "
            + "it, else 503 with Retry-After";
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");

    private QueryParameters() {
    }

    static AccountSearch accountSearch(String owner, String status, String currency, String minBalance,
                                       String maxBalance, String sort, String order, String page, String size) {
        Long min = optionalLong("minBalance", minBalance, "invalid-balance");
        Long max = optionalLong("maxBalance", maxBalance, "invalid-balance");
        if (min != null && max != null && min > max) {
            throw bad("invalid-balance-range", "minBalance (" + min + ") must not exceed maxBalance (" + max + ")");
        }
        int pageSize = Parameters.size(size, DEFAULT_SIZE, MAX_SIZE);
        int pageIndex = Parameters.page(page);
        Parameters.requireReachable(pageIndex, pageSize);
        String ownerId = owner == null ? null : Parameters.ownerId(owner);
        return new AccountSearch(ownerId, status(status), currency(currency), min, max, sortField(sort),
                descending(order), pageIndex, pageSize);
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
            throw bad("invalid-currency", "currency must be an ISO-4217 code of three capital letters, e.g. EUR, not '"
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

    static ProblemException bad(String code, String detail) {
        return Parameters.bad(code, detail);
    }
}
