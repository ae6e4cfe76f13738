package org.infusiontracker.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicOwned;

/**
 * One treatment session. Its lifecycle times are set once each, by the transitions; the
 * version guards against two transitions racing.
 */
@Entity
@Table(name = "treatment_session")
public class InfusionSession extends ClinicOwned {

    @Id
    public UUID id;

    public UUID patientId;

    @Enumerated(EnumType.STRING)
    public Drug drug;

    @Enumerated(EnumType.STRING)
    public Route route;

    @Enumerated(EnumType.STRING)
    public Indication indication;

    public BigDecimal plannedDoseAmount;

    @Enumerated(EnumType.STRING)
    public DoseUnit plannedDoseUnit;

    public Integer plannedDurationMinutes;
    public String lotNumber;
    public String nurse;
    public String prescriber;
    public boolean prescriberOnSite;

    /** The chair (or bay) the session takes place in, where a bedside monitor may be mapped; null when not given. */
    public String chair;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] concomitantMedications;

    @Enumerated(EnumType.STRING)
    public SessionStatus status;

    public Instant createdAt;
    public Instant dosingStartedAt;
    public Instant dosingEndedAt;
    public BigDecimal administeredDoseMg;
    public Instant dischargedAt;
    public boolean dischargeOverride;
    public String dischargeOverrideReason;
    public boolean dosingOverride;
    public String dosingOverrideReason;
    public boolean dosingStoppedEarly;
    public String dosingStopReason;
    public Instant abortedAt;
    public String abortReason;

    @Version
    public long version;

    /** The session as the rules see it at {@code at}, without the course of its records. */
    public SessionFacts facts(Instant at) {
        return facts(at, null, null, null, null);
    }

    /**
     * The session as the rules see it at the end of dosing: with the dose given, and the planned
     * dose in mg (a dose per kg needs the patient's weight, null when it is not on file).
     */
    public SessionFacts factsWithDose(Instant at, BigDecimal patientWeightKg) {
        return facts(at, null, null, null, null, patientWeightKg);
    }

    /**
     * The session as the rules see it at {@code at}, with the course of its records where the
     * whole session is judged (null where it is not).
     */
    public SessionFacts facts(
            Instant at,
            List<? extends Record> readings,
            Long unacknowledgedFlags,
            List<String> unresolvedEventTypes,
            List<? extends Record> unresolvedEvents) {
        return facts(at, readings, unacknowledgedFlags, unresolvedEventTypes, unresolvedEvents, null);
    }

    private SessionFacts facts(
            Instant at,
            List<? extends Record> readings,
            Long unacknowledgedFlags,
            List<String> unresolvedEventTypes,
            List<? extends Record> unresolvedEvents,
            BigDecimal patientWeightKg) {
        return new SessionFacts(
                name(drug),
                name(route),
                name(indication),
                name(status),
                prescriberOnSite,
                lotNumber,
                plannedDoseAmount,
                status.isOpen(),
                dosingStartedAt == null ? null : ClinicalTime.minutesBetween(dosingStartedAt, at),
                dosingEndedAt == null ? null : ClinicalTime.minutesBetween(dosingEndedAt, at),
                readings,
                unacknowledgedFlags,
                unresolvedEventTypes,
                unresolvedEvents,
                administeredDoseMg,
                plannedDoseMg(patientWeightKg),
                dosingStoppedEarly);
    }

    /** The planned dose in mg: the amount itself, or per kg times the weight (null when either is missing). */
    public BigDecimal plannedDoseMg(BigDecimal patientWeightKg) {
        if (plannedDoseAmount == null) {
            return null;
        }
        if (plannedDoseUnit == DoseUnit.MG) {
            return plannedDoseAmount;
        }
        return patientWeightKg == null ? null : plannedDoseAmount.multiply(patientWeightKg);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** Minutes from the start of dosing to {@code at}, when dosing had started by then. */
    public Double minutesAfterDosingStart(Instant at) {
        return dosingStartedAt == null || at.isBefore(dosingStartedAt)
                ? null
                : ClinicalTime.minutesBetween(dosingStartedAt, at);
    }

    /** The medicines taken besides, as given when the session was planned. */
    public List<ConcomitantMedication> concomitantMedicationList() {
        return Arrays.stream(concomitantMedications)
                .map(ConcomitantMedication::valueOf)
                .toList();
    }

    /** When the session stopped taking clinical records: discharge or abort, or null while open. */
    public Instant closedAt() {
        return dischargedAt != null ? dischargedAt : abortedAt;
    }
}
