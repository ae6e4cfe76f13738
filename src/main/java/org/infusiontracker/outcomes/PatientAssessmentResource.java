package org.infusiontracker.outcomes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.outcomes.AssessmentApi.AssessmentView;
import org.infusiontracker.outcomes.AssessmentApi.Course;
import org.infusiontracker.outcomes.AssessmentApi.RecordAssessment;
import org.infusiontracker.security.Roles;

@Path("/api/v1/patients/{id}/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Outcomes")
public class PatientAssessmentResource {

    private final AssessmentService assessments;

    PatientAssessmentResource(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Operation(
            operationId = "recordAssessment",
            summary = "Record an outcome assessment",
            description = "Scores a PHQ9, GAD7 or PCL5 of the patient, optionally taken at one of the patient's "
                    + "sessions; the answer has its total, band and the flags it raised (PHQ9_ITEM9).")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The scored assessment",
            content = @Content(schema = @Schema(implementation = AssessmentView.class)))
    public Response record(@PathParam("id") UUID patientId, @NotNull @Valid RecordAssessment body) {
        AssessmentView created = assessments.record(patientId, body);
        return Response.created(URI.create("/api/v1/assessments/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "readCourse",
            summary = "A patient's course of one instrument",
            description = "Baseline, latest, every assessment in force in the order completed, change, "
                    + "response and remission.")
    public Course course(
            @PathParam("id") UUID patientId,
            @Parameter(
                            required = true,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"PHQ9", "GAD7", "PCL5"}))
                    @QueryParam("instrument")
                    String instrument) {
        List<Instrument> named = QueryParams.enums(instrument, Instrument.class, "instrument");
        if (named.size() != 1) {
            throw new InvalidInput("instrument", "name one instrument: PHQ9, GAD7 or PCL5");
        }
        return assessments.course(patientId, named.get(0));
    }
}
