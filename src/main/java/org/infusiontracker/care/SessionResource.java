package org.infusiontracker.care;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.idempotency.Idempotent;
import org.infusiontracker.security.Roles;
import org.infusiontracker.session.SessionApi.Abort;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.session.SessionApi.Discharge;
import org.infusiontracker.session.SessionApi.EndDosing;
import org.infusiontracker.session.SessionApi.StartDosing;
import org.infusiontracker.session.SessionStatus;

@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class SessionResource {

    private final CareService care;

    SessionResource(CareService care) {
        this.care = care;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Idempotent
    @Operation(summary = "Plan a treatment session for a patient")
    public Response create(@NotNull @Valid CreateSession body) {
        SessionView created = care.plan(body);
        return Response.created(URI.create("/api/v1/sessions/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(summary = "Read a session with its baseline and latest reading")
    @APIResponseSchema(SessionView.class)
    public Response get(UUID id) {
        return tagged(care.find(id).orElseThrow(() -> new NotFound("Session", id)));
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            summary =
                    "List sessions, newest first; status takes a comma-separated list, from/to bound the creation time")
    public Page<SessionView> list(
            @QueryParam("status") String status,
            @QueryParam("patientId") String patientId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return care.list(
                QueryParams.enums(status, SessionStatus.class, "status"),
                QueryParams.uuid(patientId, "patientId"),
                QueryParams.time(from, "from"),
                QueryParams.time(to, "to"),
                page,
                size);
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/start-dosing")
    @Operation(summary = "PLANNED -> DOSING: the first dose is given (at defaults to now); honours If-Match")
    @APIResponseSchema(SessionView.class)
    public Response startDosing(UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid StartDosing body) {
        return tagged(care.startDosing(id, ifMatch, body));
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/end-dosing")
    @Operation(summary = "DOSING -> OBSERVATION: dosing is complete, with the dose given")
    @APIResponseSchema(SessionView.class)
    public Response endDosing(UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid EndDosing body) {
        return tagged(care.endDosing(id, ifMatch, body));
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/discharge")
    @Operation(summary = "OBSERVATION -> DISCHARGED: the patient leaves (an override needs a reason)")
    @APIResponseSchema(SessionView.class)
    public Response discharge(UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid Discharge body) {
        return tagged(care.discharge(id, ifMatch, body));
    }

    @RolesAllowed(Roles.PHYSICIAN)
    @POST
    @Path("{id}/abort")
    @Operation(summary = "Any open state -> ABORTED, with a reason")
    @APIResponseSchema(SessionView.class)
    public Response abort(UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid Abort body) {
        return tagged(care.abort(id, ifMatch, body));
    }

    /** A session with its version as the entity tag, for a later {@code If-Match}. */
    private static Response tagged(SessionView session) {
        return Response.ok(session)
                .tag(new EntityTag(String.valueOf(session.version())))
                .build();
    }
}
