package dev.tally.ledger.domain;

import java.util.Currency;
import java.util.regex.Pattern;

/**
 * Checks of a command's own fields, before any state is looked at: the same for every decider of the ledger (an
 * account id is checked the same way on a deposit and on a transfer). Each throws {@link DomainRejection} with an
 * {@code INVALID_*} code.
 */
public final class CommandValidation {

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private CommandValidation() {
    }

    public static void accountId(String accountId) {
        if (!isId(accountId, DomainLimits.MAX_ID_LENGTH)) {
            throw new DomainRejection(Rejection.INVALID_ACCOUNT_ID, null, "invalid account id " + quoted(accountId));
        }
    }

    public static void transferId(String transferId) {
        if (!isId(transferId, DomainLimits.MAX_ID_LENGTH)) {
            throw new DomainRejection(Rejection.INVALID_TRANSFER_ID, null, "invalid transfer id " + quoted(transferId));
        }
    }

    public static void ownerId(String ownerId) {
        if (!isId(ownerId, DomainLimits.MAX_OWNER_ID_LENGTH)) {
            throw new DomainRejection(Rejection.INVALID_OWNER_ID, null, "invalid owner id " + quoted(ownerId));
        }
    }

    /** ISO-4217: three upper-case letters that {@link Currency} knows (so "ABC" is refused). */
    public static void currency(String currency) {
        if (currency == null || !CURRENCY_CODE.matcher(currency).matches() || !isKnownCurrency(currency)) {
            throw new DomainRejection(Rejection.INVALID_CURRENCY, null,
                    "currency " + quoted(currency) + " is not an ISO-4217 code");
        }
    }

    public static void amount(long amount, DomainLimits limits, String accountId) {
        if (amount < 1 || amount > limits.maxAmount()) {
            throw new DomainRejection(Rejection.INVALID_AMOUNT, accountId,
                    "amount " + amount + " must be between 1 and " + limits.maxAmount() + " minor units");
        }
    }

    public static void overdraftLimit(long overdraftLimit, DomainLimits limits) {
        if (overdraftLimit < 0 || overdraftLimit > limits.maxOverdraftLimit()) {
            throw new DomainRejection(Rejection.INVALID_OVERDRAFT_LIMIT, null,
                    "overdraft limit " + overdraftLimit + " must be between 0 and " + limits.maxOverdraftLimit()
                            + " minor units");
        }
    }

    /** Returns the reference to record: "" for none. */
    public static String reference(String reference) {
        return freeText(reference, Rejection.INVALID_REFERENCE, "reference");
    }

    /** Returns the reason to record: "" for none. */
    public static String reason(String reason) {
        return freeText(reason, Rejection.INVALID_REASON, "reason");
    }

    private static String freeText(String text, Rejection rejection, String what) {
        if (text == null) {
            return "";
        }
        if (text.length() > DomainLimits.MAX_REFERENCE_LENGTH || hasControlCharacter(text)) {
            throw new DomainRejection(rejection, null, what + " must be at most " + DomainLimits.MAX_REFERENCE_LENGTH
                    + " characters without control characters");
        }
        return text;
    }

    private static boolean isId(String id, int maxLength) {
        return id != null && !id.isBlank() && id.length() <= maxLength && !hasControlCharacter(id);
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static boolean isKnownCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String quoted(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > 70 ? text.substring(0, 70) + "..." : text;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
