package org.infusiontracker.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.infusiontracker.security.ClinicOwned;

/** One row of the audit trail, as read back. Rows are written by {@link AuditLog} only. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends ClinicOwned {

    @Id
    public Long id;

    public Instant at;
    /** The token's subject: the person, stable. */
    public String actor;
    /** The display name the token carried, for readers of the trail; null when it had none. */
    public String actorName;

    public String roles;
    public String action;
    public String entity;
    public String entityId;
    /** The server's id of the request. */
    public String requestId;
    /** The X-Request-Id the client sent, when sane; the client's word, not the server's. */
    public String clientRequestId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String detail;
}
