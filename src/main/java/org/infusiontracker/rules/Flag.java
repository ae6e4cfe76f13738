package org.infusiontracker.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;
import org.infusiontracker.sql.PlainSql;

/**
 * A rule's hit in a session, or on a patient without a session ({@code patientId}). It copies what the rule said when it fired (version, severity,
 * message), so that later edits of the rule leave it as it was. Written by {@link FlagService}.
 */
@Entity
@Table(name = "flag")
public class Flag extends ClinicOwned {

    @Id
    public UUID id;

    public UUID sessionId;
    public UUID ruleId;
    public String ruleCode;
    public int ruleVersion;

    @Enumerated(EnumType.STRING)
    public SeedTable seedTable;

    public String seedRow;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger")
    public Trigger trigger;

    public String message;
    public String matchedValue;
    public UUID readingId;
    public UUID adverseEventId;
    public UUID patientId;
    public UUID assessmentId;

    @Enumerated(EnumType.STRING)
    public FlagStatus status;

    public int occurrences;
    public Instant raisedAt;
    public Instant lastMatchedAt;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public String acknowledgementNote;
    /** How many times the open CRITICAL flag was escalated, the last at {@code escalatedAt}. */
    public int escalations;

    public Instant escalatedAt;

    /**
     * A flag from a row of the flag table as a statement returned it ({@code returning *}): a plain
     * value, not an entity the persistence context holds.
     */
    static Flag read(ResultSet row) throws SQLException {
        Flag f = new Flag();
        f.id = row.getObject("id", UUID.class);
        f.clinicId = row.getString("clinic_id");
        f.sessionId = row.getObject("session_id", UUID.class);
        f.ruleId = row.getObject("rule_id", UUID.class);
        f.ruleCode = row.getString("rule_code");
        f.ruleVersion = row.getInt("rule_version");
        f.seedTable = SeedTable.valueOf(row.getString("seed_table"));
        f.seedRow = row.getString("seed_row");
        f.severity = Severity.valueOf(row.getString("severity"));
        f.trigger = Trigger.valueOf(row.getString("trigger"));
        f.message = row.getString("message");
        f.matchedValue = row.getString("matched_value");
        f.readingId = row.getObject("reading_id", UUID.class);
        f.adverseEventId = row.getObject("adverse_event_id", UUID.class);
        f.patientId = row.getObject("patient_id", UUID.class);
        f.assessmentId = row.getObject("assessment_id", UUID.class);
        f.status = FlagStatus.valueOf(row.getString("status"));
        f.occurrences = row.getInt("occurrences");
        f.raisedAt = PlainSql.instant(row, "raised_at");
        f.lastMatchedAt = PlainSql.instant(row, "last_matched_at");
        f.acknowledgedAt = PlainSql.instant(row, "acknowledged_at");
        f.acknowledgedBy = row.getString("acknowledged_by");
        f.acknowledgementNote = row.getString("acknowledgement_note");
        f.escalations = row.getInt("escalations");
        f.escalatedAt = PlainSql.instant(row, "escalated_at");
        return f;
    }
}
