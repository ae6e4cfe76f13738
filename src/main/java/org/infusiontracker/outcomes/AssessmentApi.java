package org.infusiontracker.outcomes;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.record.Amendment;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.FlagApi.FlagView;

/** Outcome assessments and a patient's course of one instrument, as clients see them. */
public final class AssessmentApi {

    private AssessmentApi() {}

    /** {@code POST /patients/{id}/assessments}: the answers in the instrument's item order. */
    public record RecordAssessment(
            @NotNull Instrument instrument,

            @Schema(description = "PHQ9: 9 answers 0-3; GAD7: 7 answers 0-3; PCL5: 20 answers 0-4")
            @NotNull
            @Size(max = 20)
            List<@NotNull Integer> answers,

            @Schema(description = "when the patient completed it; default now")
            OffsetDateTime completedAt,

            @Schema(description = "a session of the same patient, if taken at one")
            UUID sessionId) {}

    /**
     * {@code POST /assessments/{id}/amend}: the corrected answers (and time), with the reason; or
     * {@code enteredInError: true} with the reason alone. Instrument, patient and session stay.
     */
    public record AmendAssessment(
            @Size(max = 20) List<@NotNull Integer> answers,
            OffsetDateTime completedAt,
            Boolean enteredInError,
            @NotBlank @Size(max = 1000) String reason)
            implements Amendment<AmendAssessment> {

        @Override
        public AmendAssessment values() {
            return this;
        }

        @Override
        public boolean hasValues() {
            return answers != null || completedAt != null;
        }
    }

    @Schema(
            requiredProperties = {
                "id",
                "patientId",
                "sessionId",
                "instrument",
                "answers",
                "total",
                "band",
                "completedAt",
                "recordedAt",
                "status",
                "supersedes",
                "recordedBy",
                "amendmentReason",
                "retractedAt",
                "retractedBy",
                "retractionReason"
            })
    public record AssessmentView(
            UUID id,
            UUID patientId,
            @Schema(nullable = true) UUID sessionId,
            Instrument instrument,
            List<Integer> answers,
            int total,

            @Schema(
                    description = "PHQ9: MINIMAL, MILD, MODERATE, MODERATELY_SEVERE, SEVERE; GAD7: MINIMAL, "
                            + "MILD, MODERATE, SEVERE; PCL5: BELOW_THRESHOLD, PROBABLE_PTSD")
            String band,

            Instant completedAt,
            Instant recordedAt,
            RecordStatus status,
            @Schema(nullable = true) UUID supersedes,
            @Schema(nullable = true) String recordedBy,
            @Schema(nullable = true) String amendmentReason,
            @Schema(nullable = true) Instant retractedAt,
            @Schema(nullable = true) String retractedBy,
            @Schema(nullable = true) String retractionReason,

            @Schema(description = "the flags it raised (when just recorded or corrected)")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            List<FlagView> flags) {

        static AssessmentView of(Assessment a) {
            return of(a, null);
        }

        static AssessmentView of(Assessment a, List<FlagView> flags) {
            return new AssessmentView(
                    a.id,
                    a.patientId,
                    a.sessionId,
                    a.instrument,
                    a.facts().answers(),
                    a.total,
                    a.band,
                    a.completedAt,
                    a.recordedAt,
                    a.status,
                    a.supersedes,
                    a.recordedBy,
                    a.amendmentReason,
                    a.retractedAt,
                    a.retractedBy,
                    a.retractionReason,
                    flags);
        }
    }

    /**
     * A patient's course of one instrument: the assessments in force in the order completed, the
     * first being the baseline.
     */
    @Schema(
            requiredProperties = {
                "instrument",
                "baseline",
                "latest",
                "items",
                "change",
                "response",
                "remission",
                "respondedAt",
                "remittedAt"
            })
    public record Course(
            Instrument instrument,
            @Schema(nullable = true) AssessmentView baseline,
            @Schema(nullable = true) AssessmentView latest,
            List<AssessmentView> items,

            @Schema(nullable = true, description = "latest total minus baseline total")
            Integer change,

            @Schema(
                    description = "the latest total is a response (PHQ9, GAD7: at most half the baseline; "
                            + "PCL5: 10 or more below it); false with fewer than two assessments")
            boolean response,

            @Schema(nullable = true, description = "the latest total is under 5 (PHQ9, GAD7); null for PCL5")
            Boolean remission,

            @Schema(nullable = true, description = "when the course first met response")
            Instant respondedAt,

            @Schema(nullable = true, description = "when the course first met remission")
            Instant remittedAt) {}
}
