package org.infusiontracker.outcomes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.infusiontracker.record.ClinicalRecord;

/**
 * A scored questionnaire of a patient (PHQ-9, GAD-7, PCL-5), taken at a session or between
 * sessions. Total and band are kept as computed when it was written; a correction is a new
 * version ({@link ClinicalRecord}).
 */
@Entity
@Table(name = "assessment")
public class Assessment extends ClinicalRecord {

    public UUID patientId;
    public UUID sessionId;

    @Enumerated(EnumType.STRING)
    public Instrument instrument;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "smallint[]")
    public short[] answers;

    public short total;
    public String band;
    public Instant completedAt;
    public Instant recordedAt;

    /** The assessment as the rules see it. */
    AssessmentFacts facts() {
        List<Integer> items = new ArrayList<>(answers.length);
        for (short a : answers) {
            items.add((int) a);
        }
        return new AssessmentFacts(instrument.name(), items, (int) total, band);
    }
}
