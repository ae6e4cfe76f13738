package org.infusiontracker.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Flags and discharge readiness as clients see them. */
public final class FlagApi {

    private FlagApi() {}

    @Schema(
            requiredProperties = {
                "id",
                "sessionId",
                "ruleCode",
                "ruleVersion",
                "table",
                "row",
                "severity",
                "message",
                "matchedValue",
                "status",
                "occurrences",
                "raisedAt",
                "lastMatchedAt",
                "readingId",
                "adverseEventId",
                "acknowledgedAt",
                "acknowledgedBy",
                "acknowledgementNote",
                "patientId",
                "assessmentId",
                "escalations",
                "escalatedAt"
            })
    public record FlagView(
            UUID id,

            @Schema(nullable = true, description = "null for a flag of the patient without a session")
            UUID sessionId,

            String ruleCode,
            int ruleVersion,
            SeedTable table,
            String row,
            Severity severity,
            String message,
            @Schema(nullable = true) String matchedValue,
            FlagStatus status,
            int occurrences,
            Instant raisedAt,
            Instant lastMatchedAt,
            @Schema(nullable = true) UUID readingId,
            @Schema(nullable = true) UUID adverseEventId,
            @Schema(nullable = true) Instant acknowledgedAt,
            @Schema(nullable = true) String acknowledgedBy,
            @Schema(nullable = true) String acknowledgementNote,

            @Schema(nullable = true, description = "the patient, for a flag without a session")
            UUID patientId,

            @Schema(nullable = true) UUID assessmentId,

            @Schema(description = "how many times the open CRITICAL flag was escalated")
            int escalations,

            @Schema(nullable = true, description = "the latest escalation")
            Instant escalatedAt) {

        public static FlagView of(Flag f) {
            return new FlagView(
                    f.id,
                    f.sessionId,
                    f.ruleCode,
                    f.ruleVersion,
                    f.seedTable,
                    f.seedRow,
                    f.severity,
                    f.message,
                    f.matchedValue,
                    f.status,
                    f.occurrences,
                    f.raisedAt,
                    f.lastMatchedAt,
                    f.readingId,
                    f.adverseEventId,
                    f.acknowledgedAt,
                    f.acknowledgedBy,
                    f.acknowledgementNote,
                    f.patientId,
                    f.assessmentId,
                    f.escalations,
                    f.escalatedAt);
        }
    }

    public record Acknowledge(@NotBlank @Size(max = 1000) String note) {}

    /** Why a session may not leave yet: the discharge rule that matched, in a sentence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = {"code", "message"})
    public record Blocker(String code, Severity severity, String message, String matchedValue) {}

    @Schema(requiredProperties = {"ready", "blockers"})
    public record DischargeReadiness(boolean ready, List<Blocker> blockers) {}
}
