package org.infusiontracker.adverse;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

/** The adverse-event resource's request and answer bodies. */
public final class AdverseEventApi {

    private AdverseEventApi() {}

    public record RecordAdverseEvent(
            @NotNull AdverseEventType type,
            @NotNull @Min(1) @Max(5) Integer grade,
            Boolean serious,
            OffsetDateTime onsetAt,
            @Size(max = 2000) String description,
            @Size(max = 1000) String actionTaken) {}

    /**
     * {@code POST /adverse-events/{id}/amend}: the corrected event's fields, as
     * {@link RecordAdverseEvent} takes them, with the reason; or {@code enteredInError: true} with
     * the reason alone. The fields are checked as a {@link RecordAdverseEvent} when the correction is made.
     */
    public record AmendAdverseEvent(
            AdverseEventType type,
            Integer grade,
            Boolean serious,
            OffsetDateTime onsetAt,
            String description,
            String actionTaken,
            Boolean enteredInError,
            @NotBlank @Size(max = 1000) String reason)
            implements Amendment<RecordAdverseEvent> {

        @Override
        public RecordAdverseEvent values() {
            return new RecordAdverseEvent(type, grade, serious, onsetAt, description, actionTaken);
        }

        @Override
        public boolean hasValues() {
            return type != null
                    || grade != null
                    || serious != null
                    || onsetAt != null
                    || description != null
                    || actionTaken != null;
        }
    }

    public record ResolveAdverseEvent(
            OffsetDateTime at,
            @NotNull Outcome outcome,
            @Size(max = 1000) String note) {}

    @Schema(
            requiredProperties = {
                "id",
                "sessionId",
                "type",
                "grade",
                "serious",
                "onsetAt",
                "recordedAt",
                "lateEntry",
                "description",
                "actionTaken",
                "outcome",
                "resolvedAt",
                "resolutionNote",
                "status",
                "supersedes",
                "recordedBy",
                "amendmentReason",
                "retractedAt",
                "retractedBy",
                "retractionReason"
            })
    public record AdverseEventView(
            UUID id,
            UUID sessionId,
            AdverseEventType type,
            int grade,
            boolean serious,
            Instant onsetAt,
            Instant recordedAt,
            boolean lateEntry,
            @Schema(nullable = true) String description,
            @Schema(nullable = true) String actionTaken,
            @Schema(nullable = true) Outcome outcome,
            @Schema(nullable = true) Instant resolvedAt,
            @Schema(nullable = true) String resolutionNote,
            RecordStatus status,
            @Schema(nullable = true) UUID supersedes,
            @Schema(nullable = true) String recordedBy,
            @Schema(nullable = true) String amendmentReason,
            @Schema(nullable = true) Instant retractedAt,
            @Schema(nullable = true) String retractedBy,
            @Schema(nullable = true) String retractionReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<FlagView> flags) {

        public static AdverseEventView of(AdverseEvent e) {
            return of(e, null);
        }

        /** The event with, when just recorded, the flags it raised. */
        static AdverseEventView of(AdverseEvent e, List<FlagView> flags) {
            return new AdverseEventView(
                    e.id,
                    e.sessionId,
                    e.type,
                    e.grade,
                    e.serious,
                    e.onsetAt,
                    e.recordedAt,
                    e.lateEntry,
                    e.description,
                    e.actionTaken,
                    e.outcome,
                    e.resolvedAt,
                    e.resolutionNote,
                    e.status,
                    e.supersedes,
                    e.recordedBy,
                    e.amendmentReason,
                    e.retractedAt,
                    e.retractedBy,
                    e.retractionReason,
                    flags);
        }
    }
}
