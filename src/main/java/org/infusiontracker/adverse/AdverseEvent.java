package org.infusiontracker.adverse;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.record.ClinicalRecord;
import org.infusiontracker.record.ClinicalTime;

/**
 * An adverse event in a session, graded by CTCAE v5.0 (1 mild to 5 death). Its description is
 * never changed in place (a correction is a new version, {@link ClinicalRecord}); resolving it
 * adds the outcome, once.
 */
@Entity
@Table(name = "adverse_event")
public class AdverseEvent extends ClinicalRecord {

    public UUID sessionId;

    @Enumerated(EnumType.STRING)
    public AdverseEventType type;

    public short grade;
    public boolean serious;
    public Instant onsetAt;
    public Instant recordedAt;
    public boolean lateEntry;
    public String description;
    public String actionTaken;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public Instant resolvedAt;
    public String resolutionNote;

    /** The event as the rules see it in a session whose dosing started at {@code dosingStartedAt}. */
    public EventFacts facts(Instant dosingStartedAt) {
        return new EventFacts(
                type.name(),
                (int) grade,
                serious,
                dosingStartedAt == null || onsetAt.isBefore(dosingStartedAt)
                        ? null
                        : ClinicalTime.minutesBetween(dosingStartedAt, onsetAt));
    }
}
