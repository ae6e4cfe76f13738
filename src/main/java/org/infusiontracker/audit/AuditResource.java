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

    @Schema(requiredProperties = {"id", "at", "actor", "roles", "action", "entity", "entityId", "requestId", "detail"})
    public record AuditView(
            long id,
            Instant at,
            String actor,
            String roles,
            String action,
            String entity,
            String entityId,
            @Schema(nullable = true) String requestId,

            @Schema(type = SchemaType.OBJECT, nullable = true, description = "What the action touched, as JSON")
            @JsonRawValue
            String detail) {

        static AuditView of(AuditEvent e) {
            return new AuditView(e.id, e.at, e.actor, e.roles, e.action, e.entity, e.entityId, e.requestId, e.detail);
        }
    }

    @GET
    @RolesAllowed({Roles.PHYSICIAN, Roles.ADMIN})
    @Operation(
            operationId = "readAuditTrail",
            summary = "Read the audit trail",
            description = "The clinic's audit trail, newest first: by entity and id, within a time window.")
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
                .map(AuditView::of);
    }
}
