package org.infusiontracker.rems;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Problem;
import org.infusiontracker.rems.RemsFormApi.RemsForm;
import org.infusiontracker.rems.RemsFormApi.Submit;
import org.infusiontracker.security.Roles;

@Path("/api/v1/sessions/{id}/rems-form")
@Tag(name = "REMS forms")
public class SessionRemsFormResource {

    private final RemsForms forms;

    SessionRemsFormResource(RemsForms forms) {
        this.forms = forms;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Produces({MediaType.APPLICATION_JSON, RemsFormPdf.MEDIA_TYPE})
    @Operation(
            operationId = "readRemsForm",
            summary = "Read a session's REMS form",
            description = "The SPRAVATO REMS Patient Monitoring Form of an esketamine session, filled from its "
                    + "records in force, with what is missing; Accept: application/pdf gives it as a printable "
                    + "one-page form. Another drug's session has no form (404).")
    @APIResponse(
            responseCode = "200",
            description = "The form",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RemsForm.class)),
                @Content(
                        mediaType = RemsFormPdf.MEDIA_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response get(UUID id, HttpHeaders headers) {
        RemsForm form = forms.form(id);
        return wantsPdf(headers)
                ? Response.ok(RemsFormPdf.render(form), RemsFormPdf.MEDIA_TYPE)
                        .header("Content-Disposition", "inline; filename=\"rems-form-" + id + ".pdf\"")
                        .build()
                : Response.ok(form, MediaType.APPLICATION_JSON).build();
    }

    /** PDF when the client prefers it to JSON (the Accept list is sorted by preference). */
    private static boolean wantsPdf(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.valueOf(RemsFormPdf.MEDIA_TYPE))) {
                return true;
            }
        }
        return false;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("submit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "submitRemsForm",
            summary = "Mark a session's REMS form submitted",
            description = "Records that the clinic filed the form on the REMS portal (who, when, the note): once, "
                    + "and only when complete.")
    @APIResponse(
            responseCode = "200",
            description = "The form, SUBMITTED",
            content = @Content(schema = @Schema(implementation = RemsForm.class)))
    @APIResponse(
            responseCode = "409",
            description = "Already submitted, or incomplete: missing names what the record lacks",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RemsForm submit(UUID id, @Valid Submit body) {
        return forms.submit(id, body == null ? null : body.note());
    }
}
