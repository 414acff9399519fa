package dev.tally.ledger.api;

import dev.tally.ledger.app.LedgerCommands;
import dev.tally.ledger.domain.AccountCommand;
import io.smallrye.mutiny.Uni;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Commands on accounts. Every command answers the account's new version and the global position of its events.
 * Headers: {@code Idempotency-Key} (a retry with the same key returns the first answer and appends nothing) and
 * {@code If-Match: "<version>"} (the command applies to exactly that version of the account, else 412).
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
    @Operation(summary = "Open an account", description = "201 with Location and {accountId, version, position}")
    public Uni<Response> open(@Valid @NotNull OpenAccountRequest body, @Context ContainerRequestContext request) {
        var context = headers.context(request, body);
        var command = new AccountCommand.OpenAccount(UUID.randomUUID().toString(), body.ownerId(), body.currency(),
                body.overdraftLimit() == null ? 0L : body.overdraftLimit());
        return commands.open(command, context).map(CommandHeaders::toResponse);
    }

    @POST
    @Path("{id}/deposits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay money into an account")
    public Uni<Response> deposit(@PathParam("id") String id, @Valid @NotNull MoneyRequest body,
                                 @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Deposit(accountId, body.amount(), reference(body)), request, body);
    }

    @POST
    @Path("{id}/withdrawals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay money out of an account, down to minus its overdraft limit")
    public Uni<Response> withdraw(@PathParam("id") String id, @Valid @NotNull MoneyRequest body,
                                  @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Withdraw(accountId, body.amount(), reference(body)), request, body);
    }

    @POST
    @Path("{id}/freeze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Freeze an account: no more debits until it is unfrozen")
    public Uni<Response> freeze(@PathParam("id") String id, ReasonRequest body, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Freeze(accountId, reason(body)), request, body);
    }

    @POST
    @Path("{id}/unfreeze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Unfreeze a frozen account")
    public Uni<Response> unfreeze(@PathParam("id") String id, ReasonRequest body, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Unfreeze(accountId, reason(body)), request, body);
    }

    @POST
    @Path("{id}/close")
    @Operation(summary = "Close an account; its balance must be zero")
    public Uni<Response> close(@PathParam("id") String id, @Context ContainerRequestContext request) {
        String accountId = CommandHeaders.accountId(id);
        return run(new AccountCommand.Close(accountId), request, null);
    }

    private Uni<Response> run(AccountCommand command, ContainerRequestContext request, Object body) {
        return commands.onAccount(command, headers.context(request, body)).map(CommandHeaders::toResponse);
    }

    private static String reference(MoneyRequest body) {
        return body.reference() == null ? "" : body.reference();
    }

    private static String reason(ReasonRequest body) {
        return body == null || body.reason() == null ? "" : body.reason();
    }
}
