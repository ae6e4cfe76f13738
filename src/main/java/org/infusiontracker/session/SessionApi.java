package org.infusiontracker.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/** The session resource's request and answer bodies. */
public final class SessionApi {

    private SessionApi() {}

    public record PlannedDose(
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("2000") @Digits(integer = 5, fraction = 3)
            BigDecimal amount,

            @NotNull DoseUnit unit) {}

    public record CreateSession(
            @NotNull UUID patientId,
            @NotNull Drug drug,
            @NotNull Route route,
            @NotNull Indication indication,
            @Valid PlannedDose plannedDose,
            @Min(1) @Max(480) Integer plannedDurationMinutes,
            @Size(max = 64) String lotNumber,
            @Size(max = 100) String nurse,
            @Size(max = 100) String prescriber,
            @NotNull Boolean prescriberOnSite) {}

    public record StartDosing(OffsetDateTime at) {}

    public record EndDosing(
            OffsetDateTime at,

            @DecimalMin("0") @DecimalMax("2000") @Digits(integer = 5, fraction = 3)
            BigDecimal administeredDoseMg) {}

    public record Discharge(
            OffsetDateTime at,
            Boolean override,
            @Size(max = 1000) String reason) {}

    public record Abort(
            OffsetDateTime at, @NotBlank @Size(max = 1000) String reason) {}

    /**
     * A session as clients see it. {@code baseline}, {@code latestReading}, {@code openFlags} and
     * {@code dischargeReadiness} (open sessions only) are filled on {@code GET /sessions/{id}} and in
     * the answers to transitions, and left out of lists, whose cost must not grow with readings.
     */
    public record SessionView(
            UUID id,
            UUID patientId,
            Drug drug,
            Route route,
            Indication indication,
            PlannedDose plannedDose,
            Integer plannedDurationMinutes,
            String lotNumber,
            String nurse,
            String prescriber,
            boolean prescriberOnSite,
            SessionStatus status,
            Instant createdAt,
            Instant dosingStartedAt,
            Instant dosingEndedAt,
            BigDecimal administeredDoseMg,
            Instant dischargedAt,
            boolean dischargeOverride,
            String dischargeOverrideReason,
            Instant abortedAt,
            String abortReason,
            long version,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReadingView baseline,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReadingView latestReading,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<FlagView> openFlags,
            @JsonInclude(JsonInclude.Include.NON_NULL) DischargeReadiness dischargeReadiness) {

        static SessionView of(InfusionSession s) {
            return of(s, null, null, null, null);
        }

        static SessionView of(
                InfusionSession s,
                ReadingView baseline,
                ReadingView latestReading,
                List<FlagView> openFlags,
                DischargeReadiness dischargeReadiness) {
            PlannedDose dose =
                    s.plannedDoseAmount == null ? null : new PlannedDose(s.plannedDoseAmount, s.plannedDoseUnit);
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
                    s.status,
                    s.createdAt,
                    s.dosingStartedAt,
                    s.dosingEndedAt,
                    s.administeredDoseMg,
                    s.dischargedAt,
                    s.dischargeOverride,
                    s.dischargeOverrideReason,
                    s.abortedAt,
                    s.abortReason,
                    s.version,
                    baseline,
                    latestReading,
                    openFlags,
                    dischargeReadiness);
        }
    }
}
