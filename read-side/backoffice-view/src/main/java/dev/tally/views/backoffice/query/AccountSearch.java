package dev.tally.views.backoffice.query;

import dev.tally.views.backoffice.projection.AccountStatuses;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated account search: optional filters (null = any), a whitelisted sort, a page. Builds the Panache query;
 * ties in the sort are broken by account id so pages never overlap or skip rows.
 */
public record AccountSearch(
        String owner,
        String status,
        String currency,
        Long minBalance,
        Long maxBalance,
        SortField sort,
        boolean descending,
        int page,
        int size) {

    /** Sortable columns by the names the API accepts. */
    public enum SortField {
        BALANCE("balance", "balance"),
        OWNER("owner", "ownerId"),
        OPENED_AT("openedAt", "openedAt"),
        UPDATED_AT("updatedAt", "updatedAt");

        private final String apiName;
        private final String property;

        SortField(String apiName, String property) {
            this.apiName = apiName;
            this.property = property;
        }

        public String apiName() {
            return apiName;
        }

        String property() {
            return property;
        }
    }

    /** The JPQL condition over {@link AccountRow}, empty when nothing is filtered. */
    String where() {
        List<String> conditions = new ArrayList<>();
        if (owner != null) {
            conditions.add("ownerId = :owner");
        }
        if (status != null) {
            // A literal, not a parameter: the index of frozen and closed accounts is partial (status <> 'OPEN'),
            // and PostgreSQL uses it only when it can see the value. Safe: the status is one of three known words.
            if (!AccountStatuses.ALL.contains(status)) {
                throw new IllegalArgumentException("unknown status " + status);
            }
            conditions.add("status = '" + status + "'");
        }
        if (currency != null) {
            conditions.add("currency = :currency");
        }
        if (minBalance != null) {
            conditions.add("balance >= :minBalance");
        }
        if (maxBalance != null) {
            conditions.add("balance <= :maxBalance");
        }
        return String.join(" and ", conditions);
    }

    Parameters parameters() {
        Parameters parameters = new Parameters();
        if (owner != null) {
            parameters.and("owner", owner);
        }
        if (currency != null) {
            parameters.and("currency", currency);
        }
        if (minBalance != null) {
            parameters.and("minBalance", minBalance);
        }
        if (maxBalance != null) {
            parameters.and("maxBalance", maxBalance);
        }
        return parameters;
    }

    Sort panacheSort() {
        Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
        return Sort.by(sort.property(), direction).and("accountId", direction);
    }
}
