package dev.tally.ledger.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a view's {@code GET /consistency/accounts}, parsed once, at the edge, from the JSON tree into typed rows
 * (by hand rather than by Jackson's data binding, so a native image needs no reflection for it). A row carries the
 * fields its view reports; a field it leaves out is null in the record and not compared. A page that does not have
 * the contract's shape (no frontier, no accounts list, a row without an id, a field of the wrong type or null) is
 * refused with a {@link ViewClient.ViewCallException}: the view's answer cannot be checked, which is an error of that
 * view in the report.
 *
 * @param frontier the view's frontier when it read the rows
 */
record ViewPage(long frontier, List<AccountFingerprint> accounts) {

    /** The page's JSON properties, as the projection runtime's {@code FingerprintPage} writes them. */
    static final String FRONTIER = "frontier";
    static final String ACCOUNTS = "accounts";

    ViewPage {
        accounts = List.copyOf(accounts);
    }

    static ViewPage parse(JsonNode page) {
        JsonNode frontier = page == null ? null : page.get(FRONTIER);
        if (frontier == null || !frontier.isIntegralNumber() || !frontier.canConvertToLong()) {
            throw refused("a page without an integer " + FRONTIER);
        }
        JsonNode accounts = page.get(ACCOUNTS);
        if (accounts == null || !accounts.isArray()) {
            throw refused("a page without an " + ACCOUNTS + " list");
        }
        List<AccountFingerprint> rows = new ArrayList<>(accounts.size());
        for (JsonNode account : accounts) {
            rows.add(row(account));
        }
        return new ViewPage(frontier.asLong(), rows);
    }

    static AccountFingerprint row(JsonNode row) {
        JsonNode id = row.get(AccountFingerprint.ACCOUNT_ID);
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw refused("a row without an " + AccountFingerprint.ACCOUNT_ID + ": " + row);
        }
        Map<FingerprintField, Object> values = new EnumMap<>(FingerprintField.class);
        for (FingerprintField field : FingerprintField.values()) {
            JsonNode value = row.get(field.wireName());
            if (value != null) {
                values.put(field, value(id.asText(), field, value));
            }
        }
        return new AccountFingerprint(id.asText(),
                (String) values.get(FingerprintField.CURRENCY),
                (Long) values.get(FingerprintField.BALANCE),
                (Long) values.get(FingerprintField.VERSION),
                (String) values.get(FingerprintField.STATUS),
                (Long) values.get(FingerprintField.STATEMENT_LINES),
                (Long) values.get(FingerprintField.STATEMENT_SUM),
                (Long) values.get(FingerprintField.JOURNAL_ENTRIES),
                (Long) values.get(FingerprintField.JOURNAL_SUM));
    }

    private static Object value(String accountId, FingerprintField field, JsonNode value) {
        if (field.type() == Long.class && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (field.type() == String.class && value.isTextual()) {
            return value.asText();
        }
        throw refused("account " + accountId + ": " + field.wireName() + " is not "
                + (field.type() == Long.class ? "an integer" : "a string") + ": " + value);
    }

    private static ViewClient.ViewCallException refused(String what) {
        return new ViewClient.ViewCallException("answered " + what);
    }
}
