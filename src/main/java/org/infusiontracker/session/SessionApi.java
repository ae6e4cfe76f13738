package org.infusiontracker.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The session resource's request and answer bodies. */
public final class SessionApi {

    private SessionApi() {}

    public record PlannedDose(
            @Schema(
                    description = "ESKETAMINE: 28, 56 or 84 (one to three 28 mg devices). KETAMINE in MG_PER_KG: "
                            + "0.05 to 2.0. Anything else for these is 400 naming plannedDose.amount.")
            @NotNull
            @DecimalMin(value = "0", inclusive = false)
            @DecimalMax("2000")
            @Digits(integer = 5, fraction = 3)
            BigDecimal amount,

            @Schema(description = "ESKETAMINE is planned in MG (400 naming plannedDose.unit otherwise).") @NotNull
            DoseUnit unit) {}

    public record CreateSession(
            @NotNull UUID patientId,
            @NotNull Drug drug,

            @Schema(description = "ESKETAMINE is INTRANASAL (400 naming route otherwise).") @NotNull
            Route route,

            @NotNull Indication indication,

            @Schema(description = "Checked for plausibility against the drug (see amount and unit).") @Valid
            PlannedDose plannedDose,

            @Min(1) @Max(480) Integer plannedDurationMinutes,
            @Size(max = 64) String lotNumber,
            @Size(max = 100) String nurse,
            @Size(max = 100) String prescriber,
            @NotNull Boolean prescriberOnSite,

            @Schema(description = "What the patient takes besides (the REMS form asks each); none when absent")
            @Size(max = 5)
            List<@NotNull ConcomitantMedication> concomitantMedications,

            @Schema(
                    description = "The chair (or bay) of the session, 1 to 32 characters, not blank: a bedside "
                            + "monitor mapped to it (PUT /monitors/{deviceId}) records into the chair's open "
                            + "session. One open session per chair: a second is 409.")
            @Size(max = 32)
            @Pattern(regexp = CHAIR_PATTERN, message = "must not be blank")
            String chair) {}

    /** A chair's name: 1 to 32 characters, not blank (checked with {@code @Size(max = 32)}). */
    public static final String CHAIR_PATTERN = "^\\s*\\S[\\s\\S]*$";

    /**
     * The start of dosing; {@code override} with a {@code reason} is a physician's decision to dose
     * over the blockers of the dosing gate.
     */
    public record StartDosing(
            OffsetDateTime at,

            @Schema(description = "A physician doses over the gate's blockers; requires reason")
            Boolean override,

            @Schema(description = "Why the physician overrides; required with override") @Size(max = 1000)
            String reason) {}

    /**
     * The end of dosing; {@code stoppedEarly} with a {@code reason} records that the infusion or
     * administration was stopped before the planned dose (a reaction): monitoring goes on.
     */
    public record EndDosing(
            OffsetDateTime at,

            @DecimalMin("0") @DecimalMax("2000") @Digits(integer = 5, fraction = 3)
            BigDecimal administeredDoseMg,

            @Schema(description = "Dosing was stopped before the planned dose; requires reason")
            Boolean stoppedEarly,

            @Schema(description = "Why dosing was stopped; required with stoppedEarly") @Size(max = 1000)
            String reason) {}

    public record Discharge(
            OffsetDateTime at,
            Boolean override,
            @Size(max = 1000) String reason) {}

    public record Abort(
            OffsetDateTime at, @NotBlank @Size(max = 1000) String reason) {}
}
