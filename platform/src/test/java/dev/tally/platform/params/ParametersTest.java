package dev.tally.platform.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class ParametersTest {

    private static final String ID = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";

    private static void rejected(String code, Runnable parse) {
        ProblemException e = assertThrows(ProblemException.class, parse::run);
        assertEquals(400, e.status());
        assertEquals(code, e.code());
    }

    @Test
    void accountIdsAreUuidsAnsweredInLowerCase() {
        assertEquals(ID, Parameters.accountId(ID));
        assertEquals(ID, Parameters.accountId(ID.toUpperCase()));
        for (String bad : new String[] {null, "", "not-a-uuid", ID + "0", "1-1-1-1-1", " " + ID, "x' OR '1'='1"}) {
            rejected("invalid-account-id", () -> Parameters.accountId(bad));
        }
    }

    @Test
    void ownerIdsFollowTheLedgersRule() {
        assertEquals("alice", Parameters.ownerId("alice"));
        assertEquals("o".repeat(128), Parameters.ownerId("o".repeat(128)));
        for (String bad : new String[] {null, "", "  ", "o".repeat(129), "a\u0001b"}) {
            rejected("invalid-owner-id", () -> Parameters.ownerId(bad));
        }
    }

    @Test
    void minPositionIsOptionalAndNeverNegative() {
        assertNull(Parameters.minPosition(null));
        assertNull(Parameters.minPosition(""));
        assertEquals(0L, Parameters.minPosition("0"));
        assertEquals(Long.MAX_VALUE, Parameters.minPosition(Long.toString(Long.MAX_VALUE)));
        for (String bad : new String[] {"-1", "abc", "1.5", "1e3", "+5", " 5", "99999999999999999999"}) {
            rejected("invalid-min-position", () -> Parameters.minPosition(bad));
        }
    }

    @Test
    void pagesSizesAndLimits() {
        assertEquals(0, Parameters.page(null));
        assertEquals(7, Parameters.page("7"));
        assertEquals(Integer.MAX_VALUE, Parameters.page(Integer.toString(Integer.MAX_VALUE)));
        rejected("invalid-page", () -> Parameters.page("-1"));
        rejected("invalid-page", () -> Parameters.page("2147483648"));
        rejected("invalid-page", () -> Parameters.page("11", 10));
        assertEquals(50, Parameters.size(null, 50, 200));
        assertEquals(200, Parameters.size("200", 50, 200));
        rejected("invalid-size", () -> Parameters.size("0", 50, 200));
        rejected("invalid-size", () -> Parameters.size("201", 50, 200));
        rejected("invalid-size", () -> Parameters.size("ten", 50, 200));
        assertEquals(100, Parameters.limit("", 100, 1000));
        rejected("invalid-limit", () -> Parameters.limit("1001", 100, 1000));
    }

    @Test
    void aPageMustBeReachableWithIntOffsets() {
        Parameters.requireReachable(Integer.MAX_VALUE / 200 - 1, 200);
        rejected("invalid-page", () -> Parameters.requireReachable(Integer.MAX_VALUE / 200, 200));
        rejected("invalid-page", () -> Parameters.requireReachable(Integer.MAX_VALUE, 1));
    }

    @Test
    void wholeNumbersTakeASignOnlyWhenNegativesAreAllowed() {
        assertEquals(-5L, Parameters.wholeNumber("delta", "-5", 0, -10, 10));
        assertEquals(3L, Parameters.wholeNumber("after", null, 3, 0, 10));
        rejected("invalid-after", () -> Parameters.wholeNumber("after", "-5", 0, 0, 10));
        rejected("invalid-delta", () -> Parameters.wholeNumber("delta", "11", 0, -10, 10));
    }

    @Test
    void codesAreKebabCaseOfTheParameter() {
        assertEquals("invalid-min-position", Parameters.code("minPosition"));
        assertEquals("invalid-as-of", Parameters.code("asOf"));
        assertEquals("invalid-limit", Parameters.code("limit"));
        assertEquals("invalid-from-version", Parameters.code("fromVersion"));
    }
}
