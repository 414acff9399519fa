package dev.tally.ledger.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ledger.app.CommandAnswer;
import dev.tally.ledger.app.CommandContext;
import dev.tally.platform.security.Caller;
import dev.tally.platform.web.Correlation;
import dev.tally.platform.params.Parameters;
import dev.tally.platform.problem.Problem;
import dev.tally.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the command headers ({@code Idempotency-Key}, {@code If-Match}, correlation and trace context) into a
 * {@link CommandContext}, and writes a {@link CommandAnswer} back as an HTTP response.
 */
@ApplicationScoped
public class CommandHeaders {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"(\\d{1,18})\"");

    private final ObjectMapper json;

    CommandHeaders(ObjectMapper json) {
        this.json = json;
    }

    /** A command that may touch any account (the endpoint's roles are enough). */
    public CommandContext context(ContainerRequestContext request, Object body) {
        return context(request, body, null);
    }

    /**
     * A command by the authenticated caller, whose subject is recorded as the events' actor; {@code ownerScope}, when
     * not null, limits it to that owner's accounts (see {@link Caller#ownerScope}).
     */
    public CommandContext context(ContainerRequestContext request, Object body, String ownerScope) {
        String actor = Caller.of(request.getSecurityContext()).subject();
        String key = request.getHeaderString(IDEMPOTENCY_KEY);
        if (key != null && !KEY.matcher(key).matches()) {
            throw badHeader("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 128 visible ASCII characters, e.g. a UUID");
        }
        String ifMatch = request.getHeaderString("If-Match");
        OptionalLong expected = OptionalLong.empty();
        if (ifMatch != null) {
            Matcher m = IF_MATCH.matcher(ifMatch.trim());
            if (!m.matches()) {
                throw badHeader("invalid-if-match", "If-Match must be the account version in quotes, e.g. \"3\"");
            }
            expected = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        String traceparent = EventTraceparent.of(request.getHeaderString("traceparent"));
        // The caller is part of the fingerprint: another caller's request with the same key is never its replay.
        String hash = hash(actor, request.getMethod(), request.getUriInfo().getPath(), body, ifMatch);
        return new CommandContext(key, hash, expected, Correlation.of(request), traceparent, actor, ownerScope);
    }

    /** A path's account id, as every service parses it ({@link Parameters#accountId}). */
    public static String accountId(String pathValue) {
        return Parameters.accountId(pathValue);
    }

    public static Response toResponse(CommandAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status())
                .type(answer.isProblem() ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .entity(answer.body().encode());
        if (answer.location() != null) {
            response.header("Location", answer.location());
        }
        if (answer.version() != null) {
            response.header("ETag", "\"" + answer.version() + "\"");
        }
        if (answer.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    private String hash(String actor, String method, String path, Object body, String ifMatch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((actor + "\n" + method + " " + path + "\n" + (ifMatch == null ? "" : ifMatch.trim()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                sha.update(json.writeValueAsBytes(body));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    private static ProblemException badHeader(String code, String detail) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, code, detail));
    }
}
