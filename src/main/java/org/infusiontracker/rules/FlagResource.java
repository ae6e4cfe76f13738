package org.infusiontracker.rules;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.rules.FlagApi.Acknowledge;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.security.Roles;

@Path("/api/v1/flags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Flags")
public class FlagResource {

    private final FlagService flags;

    FlagResource(FlagService flags) {
        this.flags = flags;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listFlags",
            summary = "List flags",
            description = "The clinic's flags, newest first; status and severity take comma-separated lists.")
    public Page<FlagView> list(
            @Parameter(
                            description = "Only flags in one of these states (comma-separated)",
                            style = ParameterStyle.FORM,
                            explode = Explode.FALSE,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = FlagStatus.class))
                    @QueryParam("status")
                    String status,
            @Parameter(
                            description = "Only flags of one of these severities (comma-separated)",
                            style = ParameterStyle.FORM,
                            explode = Explode.FALSE,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = Severity.class))
                    @QueryParam("severity")
                    String severity,
            @BeanParam Paging paging) {
        return flags.list(
                QueryParams.enums(status, FlagStatus.class, "status"),
                QueryParams.enums(severity, Severity.class, "severity"),
                paging.page(),
                paging.size());
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/acknowledge")
    @Operation(
            operationId = "acknowledgeFlag",
            summary = "Acknowledge a flag",
            description = "Acknowledges a flag with a note; only a physician may acknowledge a CRITICAL flag.")
    @APIResponse(responseCode = "200", description = "The acknowledged flag")
    @APIResponse(responseCode = "409", description = "The flag was already acknowledged")
    public FlagView acknowledge(UUID id, @NotNull @Valid Acknowledge body) {
        return flags.acknowledge(id, body.note());
    }
}
