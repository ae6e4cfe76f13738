package org.infusiontracker.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;

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
}
