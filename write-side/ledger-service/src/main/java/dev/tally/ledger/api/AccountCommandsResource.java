package dev.tally.ledger.api;

import dev.tally.ledger.app.CommandContext;
import dev.tally.ledger.app.LedgerCommands;
import dev.tally.ledger.domain.AccountCommand;
import dev.tally.platform.security.Caller;
import dev.tally.platform.security.Roles;
import dev.tally.platform.problem.Problem;
import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Commands on accounts. Every command answers the account's new version and the global position of its events.
 * Headers: {@code Idempotency-Key} (a retry with the same key returns the first answer and appends nothing) and
 * {@code If-Match: "<version>"} (the command applies to exactly that version of the account, else 412).
 * Who may call what: the README's access matrix. A customer acts only on their own accounts; another owner's account
 * answers 404 exactly like one that does not exist.
 */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountCommandsResource {

    private final LedgerCommands commands;
    private final CommandHeaders headers;

    AccountCommandsResource(LedgerCommands commands, CommandHeaders headers) {
        this.commands = commands;
        this.headers = headers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.BACKOFFICE, Roles.ADMIN})
    @Operation(summary = "Open an account", description = "201 with Location and {accountId, version, position}. "
            + "A customer opens accounts only for themself: ownerId may be omitted (it defaults to the token's subject)"
            + " and any other ownerId is 403; back office and admin must name the owner.")
    public Uni<Response> open(@Valid @NotNull OpenAccountRequest body, @Context ContainerRequestContext request) {
        String ownerId = owner(body.ownerId(), Caller.of(request.getSecurityContext()));
        var context = headers.context(request, body);
        var command = new AccountCommand.OpenAccount(UUID.randomUUID().toString(), ownerId, body.currency(),
                body.overdraftLimit() == null ? 0L : body.overdraftLimit());
        var format = CommandAnswers.opened(command.accountId());
        return commands.open(command, context, format).map(outcome -> CommandAnswers.toResponse(outcome, format, context));
    }

    @POST
    @Path("{id}/deposits")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Pay money into an account")
    public Uni<Response> deposit(@PathParam("id") String id, @Valid @NotNull MoneyRequest body,
                                 @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return runOwn(new AccountCommand.Deposit(accountId, body.amount(), reference(body)), request, body);
    }

    @POST
    @Path("{id}/withdrawals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Pay money out of an account, down to minus its overdraft limit")
    public Uni<Response> withdraw(@PathParam("id") String id, @Valid @NotNull MoneyRequest body,
                                  @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return runOwn(new AccountCommand.Withdraw(accountId, body.amount(), reference(body)), request, body);
    }

    @POST
    @Path("{id}/freeze")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.BACKOFFICE, Roles.ADMIN})
    @Operation(summary = "Freeze an account: no more debits until it is unfrozen")
    public Uni<Response> freeze(@PathParam("id") String id, ReasonRequest body, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Freeze(accountId, reason(body)), request, body);
    }

    @POST
    @Path("{id}/unfreeze")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.BACKOFFICE, Roles.ADMIN})
    @Operation(summary = "Unfreeze a frozen account")
    public Uni<Response> unfreeze(@PathParam("id") String id, ReasonRequest body, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Unfreeze(accountId, reason(body)), request, body);
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Close an account; its balance must be zero")
    public Uni<Response> close(@PathParam("id") String id, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return runOwn(new AccountCommand.Close(accountId), request, null);
    }

    private Uni<Response> run(AccountCommand command, ContainerRequestContext request, Object body) {
        return onAccount(command, headers.context(request, body));
    }

    /** A command a customer may give only on their own accounts (admin on any). */
    private Uni<Response> runOwn(AccountCommand command, ContainerRequestContext request, Object body) {
        String scope = Caller.of(request.getSecurityContext()).ownerScope(Roles.ADMIN);
        return onAccount(command, headers.context(request, body, scope));
    }

    private Uni<Response> onAccount(AccountCommand command, CommandContext context) {
        var format = CommandAnswers.onAccount();
        return commands.onAccount(command, context, format)
                .map(outcome -> CommandAnswers.toResponse(outcome, format, context));
    }

    /** The owner of a new account: staff name it; a customer may only name themself, and omitting it means that. */
    private static String owner(String requested, Caller caller) {
        String scope = caller.ownerScope(Roles.BACKOFFICE, Roles.ADMIN);
        if (scope == null) {
            if (requested == null) {
                throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "invalid-request",
                                "ownerId: must not be blank")
                        .withErrors(List.of(new Problem.FieldError("ownerId", "must not be blank"))));
            }
            return requested;
        }
        if (requested != null && !requested.equals(scope)) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "forbidden-owner",
                    "A customer opens accounts only for themself: omit ownerId or send your own ('" + scope + "')"));
        }
        return scope;
    }

    private static String reference(MoneyRequest body) {
        return body.reference() == null ? "" : body.reference();
    }

    private static String reason(ReasonRequest body) {
        return body == null || body.reason() == null ? "" : body.reason();
    }
}
