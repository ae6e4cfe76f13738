package org.infusiontracker.outcomes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.outcomes.AssessmentApi.AmendAssessment;
import org.infusiontracker.outcomes.AssessmentApi.AssessmentView;
import org.infusiontracker.security.Roles;

@Path("/api/v1/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Outcomes")
public class AssessmentResource {

    private final AssessmentService assessments;

    AssessmentResource(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(operationId = "readAssessment", summary = "Read an assessment", description = "One version.")
    public AssessmentView get(UUID id) {
        return assessments.find(id);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Path("{id}/amend")
    @Operation(
            operationId = "amendAssessment",
            summary = "Correct or retract an assessment",
            description = "Corrects the answers or time with a new version (201, scored and ruled on again), or "
                    + "retracts it with enteredInError (200); a reason is required either way.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "200",
            description = "The retracted assessment",
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The new version, which supersedes the corrected one",
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    @APIResponse(responseCode = "409", description = "This version was already amended or retracted")
    public Response amend(UUID id, @NotNull @Valid AmendAssessment body) {
        AssessmentView view = assessments.amend(id, body);
        if (body.retraction()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/v1/assessments/" + view.id()))
                .entity(view)
                .build();
    }
}
