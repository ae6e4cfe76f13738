package org.infusiontracker.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Page;
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

    public record AuditView(
            long id,
            Instant at,
            String actor,
            String roles,
            String action,
            String entity,
            String entityId,
            String requestId,
            @JsonRawValue String detail) {

        static AuditView of(AuditEvent e) {
            return new AuditView(e.id, e.at, e.actor, e.roles, e.action, e.entity, e.entityId, e.requestId, e.detail);
        }
    }

    @GET
    @RolesAllowed({Roles.PHYSICIAN, Roles.ADMIN})
    @Operation(summary = "The clinic's audit trail, newest first: by entity and id, within a time window")
    public Page<AuditView> list(
            @QueryParam("entity") String entity,
            @QueryParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return audit.list(entity, id, QueryParams.time(from, "from"), QueryParams.time(to, "to"), page, size)
                .map(AuditView::of);
    }
}
