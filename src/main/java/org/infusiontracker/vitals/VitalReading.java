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
}
