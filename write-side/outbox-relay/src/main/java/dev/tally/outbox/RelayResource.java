package dev.tally.outbox;

import dev.tally.outbox.LagStats;
import dev.tally.outbox.OutboxRelayService;
import dev.tally.outbox.RelayStatus;
import dev.tally.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator view of this replica's outbox relay: is it the leader, how far it has published, how late. */
@Path("/relay")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RelayResource {

    private final OutboxRelayService relay;

    RelayResource(OutboxRelayService relay) {
        this.relay = relay;
    }

    @GET
    @Operation(summary = "This replica's relay: leader or standby, checkpoint, publish lag percentiles")
    public RelayStatus status() {
        return relay.status();
    }

    @POST
    @Path("lag/reset")
    @Operation(summary = "Start a fresh lag measurement window (benchmarks); returns the window just closed")
    public LagStats resetLag() {
        LagStats closed = relay.lag();
        relay.resetLag();
        return closed;
    }
}
