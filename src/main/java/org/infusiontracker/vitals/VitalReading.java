package org.infusiontracker.vitals;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.record.ClinicalRecord;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

/**
 * One set of vital signs and scores taken at one moment ({@code measuredAt}, clinical time) and
 * stored at {@code recordedAt} (server time). Any subset of values, at least one. Its values are
 * never updated: a correction is a new version ({@link ClinicalRecord}).
 */
@Entity
@Table(name = "vital_reading")
public class VitalReading extends ClinicalRecord {

    public UUID sessionId;
    public Instant measuredAt;
    public Instant recordedAt;
    public boolean lateEntry;

    /** Who sent it: {@code api} (a person over HTTP) or {@code monitor:<device id>} (a bedside monitor). */
    public String source;

    public Short systolic;
    public Short diastolic;
    public Short heartRate;
    public Short spo2;
    public Short respiratoryRate;

    @Column(name = "temperature_c")
    public BigDecimal temperatureC;

    public Boolean onOxygen;
    public Short sedationMoaas;
    public Short dissociationCadss;
    public Short nausea;

    @Enumerated(EnumType.STRING)
    public Consciousness consciousness;

    /** The values as the client gave them (the limits were checked on the request). */
    void take(RecordReading body) {
        systolic = small(body.systolic());
        diastolic = small(body.diastolic());
        heartRate = small(body.heartRate());
        spo2 = small(body.spo2());
        respiratoryRate = small(body.respiratoryRate());
        temperatureC = body.temperatureC();
        onOxygen = body.onOxygen();
        sedationMoaas = small(body.sedationMoaas());
        dissociationCadss = small(body.dissociationCadss());
        nausea = small(body.nausea());
        consciousness = body.consciousness();
    }

    /**
     * The reading as the rules see it in a session whose dosing started at {@code dosingStartedAt}
     * (null while planned); {@code judgedAt}, when given, fills {@code minutesAgo}.
     */
    public ReadingFacts facts(Instant dosingStartedAt, Instant judgedAt) {
        return new ReadingFacts(
                integer(systolic),
                integer(diastolic),
                integer(heartRate),
                integer(spo2),
                integer(respiratoryRate),
                temperatureC,
                onOxygen,
                integer(sedationMoaas),
                integer(dissociationCadss),
                integer(nausea),
                consciousness == null ? null : consciousness.name(),
                lateEntry,
                isPreDose(dosingStartedAt),
                dosingStartedAt == null || measuredAt.isBefore(dosingStartedAt)
                        ? null
                        : ClinicalTime.minutesBetween(dosingStartedAt, measuredAt),
                judgedAt == null ? null : ClinicalTime.minutesBetween(measuredAt, judgedAt));
    }

    /** Measured before dosing started, or while the session is still planned. */
    boolean isPreDose(Instant dosingStartedAt) {
        return dosingStartedAt == null || measuredAt.isBefore(dosingStartedAt);
    }

    private static Short small(Integer value) {
        return value == null ? null : value.shortValue();
    }

    private static Integer integer(Short value) {
        return value == null ? null : value.intValue();
    }
}
