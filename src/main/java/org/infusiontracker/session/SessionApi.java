package org.infusiontracker.session;

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
import java.time.OffsetDateTime;
import java.util.UUID;

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
}
