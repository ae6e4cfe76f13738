package org.infusiontracker.care;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.OpenApiDocument;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
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
    @Operation(
            operationId = "planSession",
            summary = "Plan a session",
            description = "Plans a treatment session for a patient.")
    @Parameter(ref = OpenApiDocument.IDEMPOTENCY_KEY)
    @APIResponse(
            responseCode = "201",
            description = "The planned session",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "404", description = "The patient does not exist in the caller's clinic")
    @APIResponse(
            responseCode = "409",
            description = "The chair already has an open session, or a concurrent request with the same "
                    + "Idempotency-Key is still being answered")
    public Response create(@NotNull @Valid CreateSession body) {
        SessionView created = care.plan(body);
        return Response.created(URI.create("/api/v1/sessions/" + created.id()))
                .entity(created)
                .build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("{id}")
    @Operation(
            operationId = "readSession",
            summary = "Read a session",
            description = "A session with its baseline and latest reading, open flags and discharge readiness.")
    @APIResponse(
            responseCode = "200",
            description = "The session, its version as ETag",
            content = @Content(schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", ref = OpenApiDocument.ETAG))
    public Response get(UUID id) {
        return tagged(care.find(id).orElseThrow(() -> new NotFound("Session", id)));
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Operation(
            operationId = "listSessions",
            summary = "List sessions",
            description =
                    "Sessions, newest first; status takes a comma-separated list, from/to bound the creation time.")
    public Page<SessionView> list(
            @Parameter(
                            description = "Only sessions in one of these states (comma-separated)",
                            style = ParameterStyle.FORM,
                            explode = Explode.FALSE,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = SessionStatus.class))
                    @QueryParam("status")
                    String status,
            @Parameter(
                            description = "Only the sessions of this patient",
                            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                    @QueryParam("patientId")
                    String patientId,
            @Parameter(
                            description = "Only sessions created at or after this time",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Only sessions created before this time",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("to")
                    String to,
            @BeanParam Paging paging) {
        return care.list(
                QueryParams.enums(status, SessionStatus.class, "status"),
                QueryParams.uuid(patientId, "patientId"),
                QueryParams.time(from, "from"),
                QueryParams.time(to, "to"),
                paging.page(),
                paging.size());
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/start-dosing")
    @Operation(
            operationId = "startDosing",
            summary = "Start dosing",
            description = "PLANNED -> DOSING: the first dose is given (at defaults to now). The dosing gate judges the "
                    + "start first: a CRITICAL start-dosing rule (a contraindication on file, no pre-dose blood "
                    + "pressure, no prescriber on site, ...) blocks it with 409 and its blockers, and nothing "
                    + "changes; only a physician may override, with a reason.")
    @APIResponse(
            responseCode = "200",
            description = "The session in DOSING",
            content = @Content(schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", ref = OpenApiDocument.ETAG))
    @APIResponse(
            responseCode = "409",
            description = "The session is not PLANNED, was changed concurrently, or the dosing gate blocks the start "
                    + "(/problems/dosing-blocked; blockers lists why)")
    public Response startDosing(
            UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = false) @Valid StartDosing body) {
        return tagged(care.startDosing(id, ifMatch, body));
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/end-dosing")
    @Operation(
            operationId = "endDosing",
            summary = "End dosing",
            description = "DOSING -> OBSERVATION: dosing is complete, with the dose given; or stopped early for a "
                    + "reaction (stoppedEarly with a reason, a nurse may), and monitoring goes on.")
    @APIResponse(
            responseCode = "200",
            description = "The session in OBSERVATION",
            content = @Content(schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", ref = OpenApiDocument.ETAG))
    @APIResponse(responseCode = "409", description = "The session is not DOSING, or was changed concurrently")
    public Response endDosing(
            UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = false) @Valid EndDosing body) {
        return tagged(care.endDosing(id, ifMatch, body));
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @POST
    @Path("{id}/discharge")
    @Operation(
            operationId = "discharge",
            summary = "Discharge the patient",
            description = "OBSERVATION -> DISCHARGED: the patient leaves. While discharge criteria block it, only a "
                    + "physician may override, with a reason.")
    @APIResponse(
            responseCode = "200",
            description = "The session, DISCHARGED",
            content = @Content(schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", ref = OpenApiDocument.ETAG))
    @APIResponse(
            responseCode = "409",
            description =
                    "The session is not in OBSERVATION, was changed concurrently, or is not ready for discharge (blockers lists why)")
    public Response discharge(
            UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = false) @Valid Discharge body) {
        return tagged(care.discharge(id, ifMatch, body));
    }

    @RolesAllowed(Roles.PHYSICIAN)
    @POST
    @Path("{id}/abort")
    @Operation(
            operationId = "abortSession",
            summary = "Abort a session",
            description = "Any open state -> ABORTED, with a reason.")
    @APIResponse(
            responseCode = "200",
            description = "The session, ABORTED",
            content = @Content(schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", ref = OpenApiDocument.ETAG))
    @APIResponse(responseCode = "409", description = "The session is already closed, or was changed concurrently")
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
