package org.infusiontracker.fhir;

import static org.infusiontracker.fhir.SessionFhirResource.FHIR_JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.security.Roles;

@Path("/api/v1/patients/{id}/fhir")
@Tag(name = "FHIR")
public class PatientFhirResource {

    private final FhirExport export;

    PatientFhirResource(FhirExport export) {
        this.export = export;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Produces(FHIR_JSON)
    @Operation(
            operationId = "exportPatientFhir",
            summary = "Export a patient's sessions as FHIR R4",
            description = "One Bundle (type collection) of the Patient and, for each of the patient's sessions, "
                    + "oldest first, the resources of the session's own export.")
    @APIResponse(
            responseCode = "200",
            description = "The FHIR R4 Bundle",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response get(UUID id) {
        return Response.ok(export.patient(id), FHIR_JSON).build();
    }
}
