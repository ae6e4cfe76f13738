package org.infusiontracker.ledger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.ledger.LedgerApi.AddEntry;
import org.infusiontracker.ledger.LedgerApi.ContainerView;
import org.infusiontracker.ledger.LedgerApi.EntryView;
import org.infusiontracker.ledger.LedgerApi.ReceiveContainer;
import org.infusiontracker.security.Roles;

@Path("/api/v1/controlled-substances/containers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Controlled substances")
public class ContainerResource {

    private final Ledger ledger;

    ContainerResource(Ledger ledger) {
        this.ledger = ledger;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "receiveContainer",
            summary = "Receive a container of Schedule III stock",
            description = "quantityMg is strength times volume; the balance starts there and the container is OPEN "
                    + "until it reaches zero.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The container received",
            content = @Content(schema = @Schema(implementation = ContainerView.class)))
    public Response receive(@NotNull @Valid ReceiveContainer body) {
        ContainerView created = ledger.receive(body);
        return Response.created(URI.create("/api/v1/controlled-substances/containers/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listContainers",
            summary = "List the clinic's containers",
            description = "In the order received; status OPEN (stock left) or CLOSED (at zero).")
    public List<ContainerView> list(
            @Parameter(
                            description = "Only containers in this state",
                            schema = @Schema(implementation = ContainerStatus.class))
                    @QueryParam("status")
                    String status) {
        return ledger.list(QueryParams.enums(status, ContainerStatus.class, "status"));
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(
            operationId = "readContainer",
            summary = "Read a container with its entries in the order written",
            description = "The container's balance and status, and every entry with who made it, its witness and "
                    + "the balance after it. Another clinic's container is 404.")
    @APIResponse(
            responseCode = "200",
            description = "The container and its entries",
            content = @Content(schema = @Schema(implementation = ContainerView.class)))
    public ContainerView get(UUID id) {
        return ledger.container(id);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/entries")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recordLedgerEntry",
            summary = "Record an entry in a container's ledger",
            description = "ADMINISTERED (amountMg, sessionId of the same drug), WASTED (amountMg, reason), COUNT "
                    + "(countedMg; varianceMg = counted - balance), LOSS (amountMg, reason; physicians; the answer "
                    + "states the DEA deadlines), REVERSAL (reverses, reason; physicians). WASTED, COUNT and LOSS need "
                    + "the witness's own token in Witness-Authorization. A count with a variance, or a loss, raises "
                    + "ledger.discrepancy on the stream.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @Parameter(
            name = Witnesses.HEADER,
            in = ParameterIn.HEADER,
            description = "Bearer and the token of a second person of the clinic, nurse or physician, other than the "
                    + "caller: required for WASTED, COUNT and LOSS; recorded as the witness when sent with the others",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(
            responseCode = "201",
            description = "The entry written, with the balance it left",
            content = @Content(schema = @Schema(implementation = EntryView.class)))
    @APIResponse(
            responseCode = "409",
            description = "The amount is more than is left (nothing written), or the entry is reversed already")
    public Response record(
            UUID id, @NotNull @Valid AddEntry body, @HeaderParam(Witnesses.HEADER) String witnessAuthorization) {
        EntryView created = ledger.record(id, body, witnessAuthorization);
        return Response.created(URI.create("/api/v1/controlled-substances/containers/" + id))
                .entity(created)
                .build();
    }
}
