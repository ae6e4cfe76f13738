package org.infusiontracker.patient;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.patient.PatientApi.CreatePatient;
import org.infusiontracker.patient.PatientApi.PatientView;
import org.infusiontracker.security.Roles;

@Path("/api/v1/patients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Patients")
public class PatientResource {

    private final PatientService patients;

    PatientResource(PatientService patients) {
        this.patients = patients;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Operation(
            operationId = "createPatient",
            summary = "Register a patient",
            description = "Registers a patient, pseudonymous: MRN and display name.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The registered patient",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "409", description = "A patient with this MRN already exists in the clinic")
    public Response create(@NotNull @Valid CreatePatient body) {
        PatientView created = patients.create(body);
        return Response.created(URI.create("/api/v1/patients/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(operationId = "readPatient", summary = "Read a patient", description = "One patient of the clinic.")
    public PatientView get(UUID id) {
        return patients.find(id).orElseThrow(() -> new NotFound("Patient", id));
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listPatients",
            summary = "List patients",
            description = "The clinic's patients, or the one with the MRN given.")
    public Page<PatientView> list(@QueryParam("mrn") @Size(max = 64) String mrn, @BeanParam Paging paging) {
        return patients.list(mrn, paging.page(), paging.size());
    }
}
