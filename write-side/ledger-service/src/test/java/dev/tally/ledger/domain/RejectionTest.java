package dev.tally.ledger.domain;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RejectionTest {

    @Test
    void eachCodeHasTheKindTheHttpLayerMapsFrom() {
        assertEquals(EnumSet.of(Rejection.ACCOUNT_NOT_FOUND), only(RejectionKind.NOT_FOUND));
        assertEquals(EnumSet.of(Rejection.ALREADY_OPEN, Rejection.ACCOUNT_FROZEN, Rejection.ACCOUNT_CLOSED,
                Rejection.ALREADY_FROZEN, Rejection.NOT_FROZEN), only(RejectionKind.STATE_CONFLICT));
        assertEquals(EnumSet.of(Rejection.INSUFFICIENT_FUNDS, Rejection.CURRENCY_MISMATCH, Rejection.SAME_ACCOUNT,
                Rejection.NON_ZERO_BALANCE, Rejection.BALANCE_LIMIT_EXCEEDED), only(RejectionKind.BUSINESS_RULE));
        for (Rejection rejection : only(RejectionKind.INVALID_INPUT)) {
            assertEquals(true, rejection.code().startsWith("INVALID_"), rejection.code());
        }
    }

    @Test
    void aRejectionIsCheapAndCarriesItsCode() {
        DomainRejection rejection = new DomainRejection(Rejection.SAME_ACCOUNT, "a", "no");
        assertEquals("SAME_ACCOUNT", rejection.code());
        assertEquals(0, rejection.getStackTrace().length);
        assertNull(rejection.getCause());
    }

    private static Set<Rejection> only(RejectionKind kind) {
        Set<Rejection> result = EnumSet.noneOf(Rejection.class);
        for (Rejection rejection : Rejection.values()) {
            if (rejection.kind() == kind) {
                result.add(rejection);
            }
        }
        return result;
    }
}
