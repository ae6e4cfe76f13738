package org.infusiontracker.fhir;

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

@Path("/api/v1/sessions/{id}/fhir")
@Tag(name = "FHIR")
public class SessionFhirResource {

    /** FHIR's own JSON media type, which FHIR servers and clients expect. */
    public static final String FHIR_JSON = "application/fhir+json";

    private final FhirExport export;

    SessionFhirResource(FhirExport export) {
        this.export = export;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Produces(FHIR_JSON)
    @Operation(
            operationId = "exportSessionFhir",
            summary = "Export a session as FHIR R4",
            description = "A Bundle (type collection) of the session's Patient, Encounter, vital-sign and score "
                    + "Observations, MedicationAdministration, AdverseEvents and DetectedIssues (one per flag): "
                    + "records in force only (docs/fhir.md).")
    @APIResponse(
            responseCode = "200",
            description = "The FHIR R4 Bundle",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response get(UUID id) {
        return Response.ok(export.session(id), FHIR_JSON).build();
    }
}
