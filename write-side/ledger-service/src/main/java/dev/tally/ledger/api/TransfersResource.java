package dev.tally.ledger.api;

import dev.tally.ledger.app.LedgerCommands;
import dev.tally.ledger.domain.Transfer;
import dev.tally.platform.security.Caller;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Transfers between two accounts of the same currency, atomically: both accounts' events or neither. A customer pays
 * only from their own account (another owner's source answers 404 like an unknown one), to anyone's.
 */
@Path("/transfers")
public class TransfersResource {

    private final LedgerCommands commands;
    private final CommandHeaders headers;

    TransfersResource(LedgerCommands commands, CommandHeaders headers) {
        this.commands = commands;
        this.headers = headers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Operation(summary = "Move money between two accounts",
            description = "200 with {transferId, fromAccountId, fromVersion, toAccountId, toVersion, position}; "
                    + "If-Match, when given, guards the source account's version")
    public Uni<Response> transfer(@Valid @NotNull TransferRequest body, @Context ContainerRequestContext request) {
        var context = headers.context(request, body, Caller.of(request.getSecurityContext()).ownerScope(Roles.ADMIN));
        var command = new Transfer(UUID.randomUUID().toString(), CommandHeaders.accountId(body.fromAccountId()),
                CommandHeaders.accountId(body.toAccountId()), body.amount(),
                body.reference() == null ? "" : body.reference());
        var format = CommandAnswers.transfer(command);
        return commands.transfer(command, context, format)
                .map(outcome -> CommandAnswers.toResponse(outcome, format, context));
    }
}
