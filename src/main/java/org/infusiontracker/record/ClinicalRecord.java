package org.infusiontracker.record;

import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;

/**
 * A clinical record of a session (a reading, an adverse event): append-only, so it is corrected by
 * amendment, never edited. A correction is a new row naming the version it {@code supersedes}
 * with its {@code amendmentReason}; the old row's {@code status} is the one column that changes.
 * A retraction keeps who, when and why in columns of its own, so that a correction retracted
 * later keeps the reason it was written with.
 */
@MappedSuperclass
public abstract class ClinicalRecord extends ClinicOwned {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public RecordStatus status = RecordStatus.FINAL;

    public UUID supersedes;
    /** Who wrote the row; null on rows written before authors were recorded. */
    public String recordedBy;

    public String amendmentReason;
    public Instant retractedAt;
    public String retractedBy;
    public String retractionReason;
}
