package org.infusiontracker.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.security.Roles;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @Schema(
            requiredProperties = {
                "id",
                "at",
                "actor",
                "actorName",
                "roles",
                "action",
                "entity",
                "entityId",
                "requestId",
                "clientRequestId",
                "detail"
            })
    public record AuditView(
            long id,
            Instant at,

            @Schema(description = "The person who acted: the stable subject (sub) of the token")
            String actor,

            @Schema(
                    nullable = true,
                    description = "The display name the token carried (preferred_username, else name), "
                            + "for reading only; null when it had none")
            String actorName,

            String roles,
            String action,
            String entity,
            String entityId,

            @Schema(nullable = true, description = "The server's id of the request (its X-Request-Id answer header)")
            String requestId,

            @Schema(
                    nullable = true,
                    description = "The X-Request-Id the client sent, when it was 1 to 100 visible ASCII "
                            + "characters; the client's own word, not the server's")
            String clientRequestId,

            @Schema(
                    type = SchemaType.OBJECT,
                    nullable = true,
                    description = "What the action touched, as JSON. Patients are named by id, never by MRN. "
                            + "Free-text clinical reasons (keys reason, note, *Reason) read \"[withheld]\" "
                            + "for a caller who is neither nurse nor physician")
            @JsonRawValue
            String detail) {

        static AuditView of(AuditEvent e, String detail) {
            return new AuditView(
                    e.id,
                    e.at,
                    e.actor,
                    e.actorName,
                    e.roles,
                    e.action,
                    e.entity,
                    e.entityId,
                    e.requestId,
                    e.clientRequestId,
                    detail);
        }
    }

    @GET
    @RolesAllowed({Roles.PHYSICIAN, Roles.ADMIN})
    @Operation(
            operationId = "readAuditTrail",
            summary = "Read the audit trail",
            description = "The clinic's audit trail, newest first: by entity and id, within a time window. "
                    + "Free-text clinical reasons in the details are shown to physicians only (an admin sees "
                    + "\"[withheld]\").")
    public Page<AuditView> list(
            @QueryParam("entity") String entity,
            @QueryParam("id") String id,
            @Parameter(
                            description = "Only events at or after this time",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Only events before this time",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("to")
                    String to,
            @BeanParam Paging paging) {
        return audit.list(
                        entity,
                        id,
                        QueryParams.time(from, "from"),
                        QueryParams.time(to, "to"),
                        paging.page(),
                        paging.size())
                .map(e -> AuditView.of(e, audit.detailAsShown(e)));
    }
}
