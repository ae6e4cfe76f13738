package org.infusiontracker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.RequestLogFilter;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.sql.PlainSql;
import org.jboss.logging.MDC;

/**
 * Writes the audit trail, in the transaction of the change or read it records: a write that
 * commits has its row, and one that rolls back has none. Services call it for every write and
 * every read of a patient's records. The row of a write is sent as the transaction commits, with
 * the transaction's other log rows ({@link PlainSql#atCommit}); the row of a read at once.
 */
@ApplicationScoped
public class AuditLog {

    /** The trail's rows: a read's written at once, a write's at commit. */
    private static final PlainSql.Rows ROWS = new PlainSql.Rows(
            "audit_event",
            List.of(
                    "at",
                    "clinic_id",
                    "actor",
                    "actor_name",
                    "roles",
                    "action",
                    "entity",
                    "entity_id",
                    "request_id",
                    "client_request_id",
                    "detail"),
            List.of("timestamptz", "text", "text", "text", "text", "text", "text", "text", "text", "text", "jsonb"));

    /** What a reader without a clinical role sees in place of a free-text clinical reason. */
    public static final String WITHHELD = "[withheld]";

    private final EntityManager em;
    private final PlainSql sql;
    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final ObjectMapper json;

    AuditLog(EntityManager em, PlainSql sql, ClinicContext clinic, ClinicalTime time, ObjectMapper json) {
        this.em = em;
        this.sql = sql;
        this.clinic = clinic;
        this.time = time;
        this.json = json;
    }

    /** A look at a patient's records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void read(String entity, Object id) {
        record("READ", entity, id, null);
    }

    /** A change: {@code action} in upper case ({@code CREATE}, {@code DISCHARGE}, {@code ACKNOWLEDGE}, ...). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(String action, String entity, Object id, Map<String, ?> detail) {
        // The change goes to the database before its trail row, so that a conflict or broken
        // constraint fails here as itself (409, 400), not later as a failed commit.
        em.flush();
        sql.insertAtCommit(ROWS, row(action, entity, id, detail));
    }

    /**
     * The clinic's trail, newest first, narrowed by entity, id and time window. Reading the trail is
     * itself audited (entity {@code audit}, with what was asked for): it shows who looked at whose
     * records.
     */
    @Transactional
    public Page<AuditEvent> list(String entity, String id, OffsetDateTime from, OffsetDateTime to, int page, int size) {
        Map<String, Object> asked = new LinkedHashMap<>();
        putIfGiven(asked, "entity", entity);
        putIfGiven(asked, "id", id);
        putIfGiven(asked, "from", from);
        putIfGiven(asked, "to", to);
        record("READ", "audit", "*", asked.isEmpty() ? null : asked);
        StringBuilder where = new StringBuilder("clinicId = :clinic");
        Map<String, Object> params = new HashMap<>();
        params.put("clinic", clinic.clinicId());
        if (entity != null && !entity.isBlank()) {
            where.append(" and entity = :entity");
            params.put("entity", entity.strip());
        }
        if (id != null && !id.isBlank()) {
            where.append(" and entityId = :id");
            params.put("id", id.strip());
        }
        if (from != null) {
            where.append(" and at >= :from");
            params.put("from", from.toInstant());
        }
        if (to != null) {
            where.append(" and at < :to");
            params.put("to", to.toInstant());
        }
        var query = AuditEvent.<AuditEvent>find(
                where.toString(), Sort.descending("at").and("id", Sort.Direction.Descending), params);
        List<AuditEvent> items = query.page(page, size).list();
        return new Page<>(items, page, size, query.count());
    }

    /**
     * An event's detail as the caller may see it. Free-text reasons (of amendments, retractions,
     * overrides, early stops, aborts: every key {@code reason}, {@code note} or ending in
     * {@code Reason}) are clinical records, shown only to nurses and physicians; for anyone else
     * each such value reads {@value #WITHHELD}, its key kept so that the reader sees a reason was
     * given. The row itself is stored intact. A rule's change reason is an admin's own note about
     * a rule, not a patient's, and is shown to all who may read the trail.
     */
    public String detailAsShown(AuditEvent event) {
        if (event.detail == null || clinic.isClinician() || "rule".equals(event.entity)) {
            return event.detail;
        }
        try {
            JsonNode detail = json.readTree(event.detail);
            if (!(detail instanceof ObjectNode fields)) {
                return event.detail;
            }
            boolean withheld = false;
            for (String key :
                    fields.properties().stream().map(Map.Entry::getKey).toList()) {
                if (key.equals("reason") || key.equals("note") || key.endsWith("Reason")) {
                    fields.put(key, WITHHELD);
                    withheld = true;
                }
            }
            return withheld ? json.writeValueAsString(fields) : event.detail;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit event " + event.id + " holds a detail that is not JSON", e);
        }
    }

    private static void putIfGiven(Map<String, Object> asked, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            asked.put(name, value instanceof String text ? text.strip() : value.toString());
        }
    }

    private void record(String action, String entity, Object id, Map<String, ?> detail) {
        sql.insert(ROWS, row(action, entity, id, detail));
    }

    private Object[] row(String action, String entity, Object id, Map<String, ?> detail) {
        Object requestId = MDC.get(RequestLogFilter.MDC_KEY);
        Object clientRequestId = MDC.get(RequestLogFilter.CLIENT_MDC_KEY);
        return new Object[] {
            time.now(),
            clinic.clinicId(),
            clinic.actor(),
            clinic.actorName(),
            clinic.roles(),
            action,
            entity,
            String.valueOf(id),
            requestId == null ? null : requestId.toString(),
            clientRequestId == null ? null : clientRequestId.toString(),
            detail == null || detail.isEmpty() ? null : toJson(detail)
        };
    }

    private String toJson(Map<String, ?> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit detail cannot be written as JSON", e);
        }
    }
}
