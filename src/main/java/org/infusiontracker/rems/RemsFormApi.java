package org.infusiontracker.rems;

import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.adverse.AdverseEventType;
import org.infusiontracker.adverse.Outcome;

/** The REMS Patient Monitoring Form as clients see it, and the body that files it. */
public final class RemsFormApi {

    private RemsFormApi() {}

    /** Where a form stands: filed, due (within seven days of discharge, or not yet discharged), or late. */
    public enum FormStatus {
        DRAFT,
        SUBMITTED,
        OVERDUE
    }

    public record Submit(
            @Schema(description = "What the clinic wants kept with the filing, e.g. where it was filed")
            @Size(max = 1000)
            String note) {}

    @Schema(requiredProperties = {"mrn", "displayName", "birthYear"})
    public record PatientLine(
            String mrn,
            String displayName,
            @Schema(nullable = true) Integer birthYear) {}

    @Schema(
            requiredProperties = {
                "benzodiazepines",
                "nonBenzodiazepineSedativeHypnotics",
                "psychostimulants",
                "maois",
                "opioids"
            })
    public record ConcomitantMedications(
            boolean benzodiazepines,
            boolean nonBenzodiazepineSedativeHypnotics,
            boolean psychostimulants,
            boolean maois,
            boolean opioids) {}

    @Schema(requiredProperties = {"systolic", "diastolic", "measuredAt"})
    public record BloodPressure(int systolic, int diastolic, Instant measuredAt) {}

    @Schema(requiredProperties = {"predose", "postdose40", "beforeLeaving"})
    public record BloodPressures(
            @Schema(nullable = true, description = "The last blood pressure in force measured before dosing")
            BloodPressure predose,

            @Schema(
                    nullable = true,
                    description = "The blood pressure closest to 40 minutes after dosing started, within 30 to 50")
            BloodPressure postdose40,

            @Schema(nullable = true, description = "The last blood pressure measured after dosing and before discharge")
            BloodPressure beforeLeaving) {}

    @Schema(requiredProperties = {"predose", "beforeLeaving"})
    public record VitalSignsAcceptable(
            @Schema(
                    nullable = true,
                    description = "No WARNING or CRITICAL reading rule matches the latest pre-dose values; null "
                            + "without a pre-dose reading")
            Boolean predose,

            @Schema(
                    nullable = true,
                    description = "Every discharge criterion measured from vital signs and events held at discharge; "
                            + "null before discharge")
            Boolean beforeLeaving) {}

    @Schema(requiredProperties = {"occurred", "details"})
    public record Observed(
            boolean occurred,

            @Schema(nullable = true, description = "What showed it, with minutes after dosing started")
            String details) {}

    @Schema(requiredProperties = {"type", "grade", "onsetAt", "description", "outcome"})
    public record SeriousEvent(
            AdverseEventType type,
            int grade,
            Instant onsetAt,
            @Schema(nullable = true) String description,
            @Schema(nullable = true) Outcome outcome) {}

    @Schema(
            requiredProperties = {
                "sessionId",
                "status",
                "dueBy",
                "complete",
                "missing",
                "missingReasons",
                "patient",
                "treatmentDate",
                "firstTreatment",
                "doseMg",
                "devices",
                "lotNumber",
                "concomitantMedications",
                "bloodPressure",
                "vitalSignsAcceptable",
                "sedation",
                "dissociation",
                "respiratoryDepression",
                "monitoringMinutes",
                "minutesUntilReadyToLeave",
                "monitoringClinician",
                "seriousAdverseEvents",
                "submittedBy",
                "submittedAt",
                "submissionNote"
            })
    public record RemsForm(
            UUID sessionId,
            FormStatus status,

            @Schema(nullable = true, description = "Discharge plus 7 days; null before discharge")
            Instant dueBy,

            boolean complete,

            @Schema(description = "The dotted names of the fields the record cannot fill yet")
            List<String> missing,

            @Schema(description = "Why a missing field cannot be answered, where its absence alone does not say it")
            Map<String, String> missingReasons,

            PatientLine patient,

            @Schema(nullable = true, description = "The day dosing started (UTC)")
            LocalDate treatmentDate,

            @Schema(
                    nullable = true,
                    description = "No earlier esketamine session of the patient in this clinic started dosing")
            Boolean firstTreatment,

            @Schema(nullable = true, description = "The dose administered, as recorded at the end of dosing")
            BigDecimal doseMg,

            @Schema(nullable = true, description = "28 mg devices used: the dose over 28, rounded up")
            Integer devices,

            @Schema(nullable = true) String lotNumber,
            ConcomitantMedications concomitantMedications,
            BloodPressures bloodPressure,
            VitalSignsAcceptable vitalSignsAcceptable,
            Observed sedation,
            Observed dissociation,
            Observed respiratoryDepression,

            @Schema(nullable = true, description = "Whole minutes from dosing start to discharge")
            Integer monitoringMinutes,

            @Schema(
                    nullable = true,
                    description = "Whole minutes from dosing start to the first reading at which every discharge "
                            + "criterion measured from vital signs and events held (the two-hour minimum and "
                            + "flag acknowledgement aside); null when none did")
            Integer minutesUntilReadyToLeave,

            @Schema(nullable = true, description = "The session's nurse")
            String monitoringClinician,

            List<SeriousEvent> seriousAdverseEvents,
            @Schema(nullable = true) String submittedBy,
            @Schema(nullable = true) Instant submittedAt,
            @Schema(nullable = true) String submissionNote) {}

    /** One line of the clinic's list of forms: enough to see what is due when; the form itself is one GET away. */
    @Schema(
            requiredProperties = {
                "sessionId",
                "patient",
                "treatmentDate",
                "dischargedAt",
                "status",
                "dueBy",
                "submittedBy",
                "submittedAt"
            })
    public record FormLine(
            UUID sessionId,
            PatientLine patient,
            LocalDate treatmentDate,
            @Schema(nullable = true) Instant dischargedAt,
            FormStatus status,
            @Schema(nullable = true) Instant dueBy,
            @Schema(nullable = true) String submittedBy,
            @Schema(nullable = true) Instant submittedAt) {}
}
