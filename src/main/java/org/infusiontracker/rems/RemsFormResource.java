package org.infusiontracker.rems;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.rems.RemsFormApi.FormLine;
import org.infusiontracker.rems.RemsFormApi.FormStatus;
import org.infusiontracker.security.Roles;

@Path("/api/v1/rems-forms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "REMS forms")
public class RemsFormResource {

    private final RemsForms forms;

    RemsFormResource(RemsForms forms) {
        this.forms = forms;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listRemsForms",
            summary = "List the clinic's REMS forms",
            description = "One line per esketamine session whose dosing started: DRAFT (not filed, not yet "
                    + "overdue), SUBMITTED, or OVERDUE (discharged more than 7 days ago and not filed); those "
                    + "due first, sessions not yet discharged last.")
    public Page<FormLine> list(
            @Parameter(
                            description = "Only forms in one of these states (comma-separated)",
                            style = ParameterStyle.FORM,
                            explode = Explode.FALSE,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = FormStatus.class))
                    @QueryParam("status")
                    String status,
            @BeanParam Paging paging) {
        return forms.list(QueryParams.enums(status, FormStatus.class, "status"), paging.page(), paging.size());
    }
}
