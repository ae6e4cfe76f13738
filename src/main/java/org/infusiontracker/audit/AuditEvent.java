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
    public String actor;
    public String roles;
    public String action;
    public String entity;
    public String entityId;
    public String requestId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String detail;
}
