package org.infusiontracker.monitors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.monitors.MonitorApi.MonitorView;
import org.infusiontracker.monitors.MonitorApi.PutMonitor;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.sql.PlainSql;

/**
 * The clinic's monitors and the messages stored from them. Both are small lookup tables written
 * with plain SQL ({@link PlainSql}), as the webhooks are. The API works in the caller's clinic;
 * {@link #resolve} alone looks across clinics, because an MLLP message carries no token.
 */
@ApplicationScoped
@Transactional
public class Monitors {

    /** What a device id may be: what monitors send in OBX-18 (an EUI-64, a serial) or MSH-3. */
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final String COLUMNS = "device_id, chair, created_at, updated_at, updated_by";

    private static final String PUT = """
            insert into monitor_device (clinic_id, device_id, chair, created_at, updated_at, updated_by)
            values (?, ?, ?, ?, ?, ?)
            on conflict (clinic_id, device_id) do update
            set chair = excluded.chair, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            returning\s""" + COLUMNS;

    private final PlainSql sql;
    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final AuditLog audit;

    Monitors(PlainSql sql, ClinicContext clinic, ClinicalTime time, AuditLog audit) {
        this.sql = sql;
        this.clinic = clinic;
        this.time = time;
        this.audit = audit;
    }

    /** The mapping as written, and whether it is new. */
    public record Put(MonitorView monitor, boolean created) {}

    public Put put(String deviceId, PutMonitor body) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new InvalidInput("deviceId", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String chair = body.chair().strip();
        Instant now = time.now();
        MonitorView view = sql.query(PUT, Monitors::view, clinic.clinicId(), deviceId, chair, now, now, clinic.actor())
                .get(0);
        boolean created = view.createdAt().equals(view.updatedAt());
        audit.write(created ? "CREATE" : "UPDATE", "monitor", deviceId, Map.of("chair", chair));
        return new Put(view, created);
    }

    /** The clinic's monitors by device id. */
    public List<MonitorView> list() {
        return sql.query(
                "select " + COLUMNS + " from monitor_device where clinic_id = ? order by device_id",
                Monitors::view,
                clinic.clinicId());
    }

    public MonitorView get(String deviceId) {
        return sql
                .query(
                        "select " + COLUMNS + " from monitor_device where clinic_id = ? and device_id = ?",
                        Monitors::view,
                        clinic.clinicId(),
                        deviceId)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFound("Monitor", deviceId));
    }

    public void delete(String deviceId) {
        List<String> chairs = sql.query(
                "delete from monitor_device where clinic_id = ? and device_id = ? returning chair",
                row -> row.getString(1),
                clinic.clinicId(),
                deviceId);
        if (chairs.isEmpty()) {
            throw new NotFound("Monitor", deviceId);
        }
        audit.write("DELETE", "monitor", deviceId, Map.of("chair", chairs.get(0)));
    }

    /** A message stored before: its reading and when it was acknowledged. */
    record Stored(UUID readingId, Instant acknowledgedAt) {}

    /**
     * Where a device's message goes, in one clinic that maps the device: the chair, the message if
     * it was stored before (same device and control id), and the chair's open session, if any.
     */
    record Placement(String clinicId, String chair, Optional<Stored> stored, Optional<UUID> openSession) {}

    /**
     * Each lookup is a lateral one of the device's row, so that every plan (a generic one too) is an
     * index lookup per mapping, never a join of all open sessions. A chair's session is open while
     * planned, dosing or in observation (the partial unique index of V22).
     */
    private static final String PLACE = """
            select d.clinic_id, d.chair, m.reading_id, m.acknowledged_at, s.id
            from monitor_device d
            left join lateral (
                select reading_id, acknowledged_at from monitor_message
                where clinic_id = d.clinic_id and device_id = d.device_id and control_id = ?) m on true
            left join lateral (
                select id from treatment_session
                where clinic_id = d.clinic_id and chair = d.chair and status in (%s)
                limit 1) s on true
            where d.device_id = ?
            order by d.clinic_id
            limit 2
            """.formatted(SessionStatus.OPEN_IN_SQL);

    /**
     * Every clinic's placement of the device's message, at most two (two already make it
     * ambiguous), read in one statement: the one look across clinics, because the device is all an
     * MLLP message says of where it comes from.
     */
    List<Placement> place(String deviceId, String controlId) {
        return sql.query(
                PLACE,
                row -> {
                    UUID reading = row.getObject(3, UUID.class);
                    return new Placement(
                            row.getString(1),
                            row.getString(2),
                            reading == null
                                    ? Optional.empty()
                                    : Optional.of(new Stored(reading, PlainSql.instant(row, 4))),
                            Optional.ofNullable(row.getObject(5, UUID.class)));
                },
                controlId,
                deviceId);
    }

    /** The messages stored, written at commit with the transaction's other log rows. */
    private static final PlainSql.Rows MESSAGES = new PlainSql.Rows(
            "monitor_message",
            List.of("clinic_id", "device_id", "control_id", "reading_id", "acknowledged_at"),
            List.of("text", "text", "text", "uuid", "timestamptz"));

    /**
     * Remembers a stored message, at commit. A twin of it (same device and control id) committed
     * meanwhile makes the commit fail on the primary key, and the reading with it; the twin in the
     * same group of messages fails the group, whose messages then run alone and the twin finds the
     * message stored ({@link #place}).
     */
    void remember(String deviceId, String controlId, UUID readingId, Instant acknowledgedAt) {
        sql.insertAtCommit(MESSAGES, clinic.clinicId(), deviceId, controlId, readingId, acknowledgedAt);
    }

    private static MonitorView view(ResultSet row) throws SQLException {
        return new MonitorView(
                row.getString(1),
                row.getString(2),
                PlainSql.instant(row, 3),
                PlainSql.instant(row, 4),
                row.getString(5));
    }
}
