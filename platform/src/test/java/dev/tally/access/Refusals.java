package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.platform.security.Roles;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.BiFunction;

/** What every service answers on a protected path to a caller who may not read it: the same 401s and 403s. */
public final class Refusals {

    private Refusals() {
    }

    /**
     * No token: 401 {@code unauthorized} with a Bearer challenge; an expired, foreign-key, foreign-issuer,
     * foreign-audience, unsigned or unreadable token: 401 {@code invalid-token}; a valid token of a role in
     * {@code forbiddenRoles}: 403 {@code forbidden}. {@code get} sends a GET of a path with a token (or none).
     */
    public static void assertRefused(String path, List<String> forbiddenRoles,
                                     BiFunction<String, String, HttpResponse<String>> get) {
        HttpResponse<String> anonymous = get.apply(path, null);
        assertEquals("unauthorized", assertProblem(path, anonymous, 401).getString("code"));
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        for (String token : List.of(TestTokens.expired(Roles.ADMIN, "a"), TestTokens.signedByAnotherKey(Roles.ADMIN,
                "a"), TestTokens.fromAnotherIssuer(Roles.ADMIN, "a"), TestTokens.forAnotherAudience(Roles.ADMIN, "a"),
                TestTokens.unsigned(Roles.ADMIN, "a"), "garbage")) {
            assertEquals("invalid-token", assertProblem(path, get.apply(path, token), 401).getString("code"));
        }
        for (String role : forbiddenRoles) {
            assertEquals("forbidden", assertProblem(role + " " + path, get.apply(path, TestTokens.token(role, "someone")),
                    403).getString("code"));
        }
    }
}
