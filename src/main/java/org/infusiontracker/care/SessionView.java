package org.infusiontracker.care;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.session.ConcomitantMedication;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.Indication;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.Route;
import org.infusiontracker.session.SessionApi.PlannedDose;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.NEWS2;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/**
 * A session as clients see it. {@code baseline}, {@code latestReading}, {@code currentNews2} (when a
 * reading in force was measured within {@code infusion.news2.window}), {@code openFlags} and {@code
 * dischargeReadiness} (open sessions only) are filled on {@code GET /sessions/{id}} and in the answers
 * to transitions, and left out of lists, whose cost must not grow with readings.
 */
@Schema(
        requiredProperties = {
            "id",
            "patientId",
            "drug",
            "route",
            "indication",
            "plannedDose",
            "plannedDurationMinutes",
            "lotNumber",
            "nurse",
            "prescriber",
            "prescriberOnSite",
            "chair",
            "concomitantMedications",
            "status",
            "createdAt",
            "dosingStartedAt",
            "dosingEndedAt",
            "dosingOverride",
            "dosingOverrideReason",
            "dosingStoppedEarly",
            "dosingStopReason",
            "administeredDoseMg",
            "dischargedAt",
            "dischargeOverride",
            "dischargeOverrideReason",
            "abortedAt",
            "abortReason",
            "version"
        })
public record SessionView(
        UUID id,
        UUID patientId,
        Drug drug,
        Route route,
        Indication indication,
        @Schema(nullable = true) PlannedDose plannedDose,
        @Schema(nullable = true) Integer plannedDurationMinutes,
        @Schema(nullable = true) String lotNumber,
        @Schema(nullable = true) String nurse,
        @Schema(nullable = true) String prescriber,
        boolean prescriberOnSite,

        @Schema(nullable = true, description = "The chair of the session, where a bedside monitor may be mapped")
        String chair,

        List<ConcomitantMedication> concomitantMedications,
        SessionStatus status,
        Instant createdAt,
        @Schema(nullable = true) Instant dosingStartedAt,
        @Schema(nullable = true) Instant dosingEndedAt,
        boolean dosingOverride,
        @Schema(nullable = true) String dosingOverrideReason,
        boolean dosingStoppedEarly,
        @Schema(nullable = true) String dosingStopReason,
        @Schema(nullable = true) BigDecimal administeredDoseMg,
        @Schema(nullable = true) Instant dischargedAt,
        boolean dischargeOverride,
        @Schema(nullable = true) String dischargeOverrideReason,
        @Schema(nullable = true) Instant abortedAt,
        @Schema(nullable = true) String abortReason,
        long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReadingView baseline,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReadingView latestReading,

        @Schema(
                description = "NEWS2 of the current picture: the latest value of each parameter over the "
                        + "readings in force measured within infusion.news2.window (30 minutes by default) "
                        + "up to now; absent from lists and when no reading was measured in the window")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        NEWS2 currentNews2,

        @JsonInclude(JsonInclude.Include.NON_NULL) List<FlagView> openFlags,
        @JsonInclude(JsonInclude.Include.NON_NULL) DischargeReadiness dischargeReadiness) {

    public static SessionView of(InfusionSession s) {
        return of(s, null, null, null, null, null);
    }

    public static SessionView of(
            InfusionSession s,
            ReadingView baseline,
            ReadingView latestReading,
            NEWS2 currentNews2,
            List<FlagView> openFlags,
            DischargeReadiness dischargeReadiness) {
        PlannedDose dose = s.plannedDoseAmount == null ? null : new PlannedDose(s.plannedDoseAmount, s.plannedDoseUnit);
        return new SessionView(
                s.id,
                s.patientId,
                s.drug,
                s.route,
                s.indication,
                dose,
                s.plannedDurationMinutes,
                s.lotNumber,
                s.nurse,
                s.prescriber,
                s.prescriberOnSite,
                s.chair,
                s.concomitantMedicationList(),
                s.status,
                s.createdAt,
                s.dosingStartedAt,
                s.dosingEndedAt,
                s.dosingOverride,
                s.dosingOverrideReason,
                s.dosingStoppedEarly,
                s.dosingStopReason,
                s.administeredDoseMg,
                s.dischargedAt,
                s.dischargeOverride,
                s.dischargeOverrideReason,
                s.abortedAt,
                s.abortReason,
                s.version,
                baseline,
                latestReading,
                currentNews2,
                openFlags,
                dischargeReadiness);
    }
}
