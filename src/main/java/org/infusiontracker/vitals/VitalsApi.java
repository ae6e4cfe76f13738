package org.infusiontracker.vitals;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.record.Amendment;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.FlagApi.FlagView;

/**
 * The vitals resource's request and answer bodies. The limits here are the impossible ones: what a
 * monitor shows in an emergency (SpO2 0, heart rate 0 or 300) is stored and flagged, not refused.
 */
public final class VitalsApi {

    private VitalsApi() {}

    public record RecordReading(
            OffsetDateTime measuredAt,
            @Min(40) @Max(300) Integer systolic,
            @Min(20) @Max(200) Integer diastolic,
            @Min(0) @Max(300) Integer heartRate,
            @Min(0) @Max(100) Integer spo2,
            @Min(0) @Max(80) Integer respiratoryRate,

            @DecimalMin("30.0") @DecimalMax("45.0") @Digits(integer = 2, fraction = 2)
            BigDecimal temperatureC,

            Boolean onOxygen,
            @Min(0) @Max(5) Integer sedationMoaas,
            @Min(0) @Max(92) Integer dissociationCadss,
            @Min(0) @Max(10) Integer nausea,
            Consciousness consciousness) {

        boolean hasValue() {
            return systolic != null
                    || diastolic != null
                    || heartRate != null
                    || spo2 != null
                    || respiratoryRate != null
                    || temperatureC != null
                    || onOxygen != null
                    || sedationMoaas != null
                    || dissociationCadss != null
                    || nausea != null
                    || consciousness != null;
        }
    }

    /**
     * {@code POST /vitals/{id}/amend}: the corrected reading's values, as {@link RecordReading}
     * takes them, with the reason; or {@code enteredInError: true} with the reason alone. The
     * values are left unannotated here because the correction is checked as a {@link RecordReading}.
     */
    public record AmendReading(
            OffsetDateTime measuredAt,
            Integer systolic,
            Integer diastolic,
            Integer heartRate,
            Integer spo2,
            Integer respiratoryRate,
            BigDecimal temperatureC,
            Boolean onOxygen,
            Integer sedationMoaas,
            Integer dissociationCadss,
            Integer nausea,
            Consciousness consciousness,
            Boolean enteredInError,
            @NotBlank @Size(max = 1000) String reason)
            implements Amendment<RecordReading> {

        @Override
        public RecordReading values() {
            return new RecordReading(
                    measuredAt,
                    systolic,
                    diastolic,
                    heartRate,
                    spo2,
                    respiratoryRate,
                    temperatureC,
                    onOxygen,
                    sedationMoaas,
                    dissociationCadss,
                    nausea,
                    consciousness);
        }

        @Override
        public boolean hasValues() {
            return measuredAt != null || values().hasValue();
        }
    }

    @Schema(
            requiredProperties = {
                "id",
                "sessionId",
                "measuredAt",
                "recordedAt",
                "lateEntry",
                "source",
                "systolic",
                "diastolic",
                "heartRate",
                "spo2",
                "respiratoryRate",
                "temperatureC",
                "onOxygen",
                "sedationMoaas",
                "dissociationCadss",
                "nausea",
                "consciousness",
                "status",
                "supersedes",
                "recordedBy",
                "amendmentReason",
                "retractedAt",
                "retractedBy",
                "retractionReason",
                "news2"
            })
    public record ReadingView(
            UUID id,
            UUID sessionId,
            Instant measuredAt,
            Instant recordedAt,
            boolean lateEntry,

            @Schema(
                    description = "Who sent the reading: api (a person over HTTP) or monitor:<device id> (a "
                            + "bedside monitor over HL7 v2, docs/monitors.md)",
                    example = "api")
            String source,

            @Schema(nullable = true) Integer systolic,
            @Schema(nullable = true) Integer diastolic,
            @Schema(nullable = true) Integer heartRate,
            @Schema(nullable = true) Integer spo2,
            @Schema(nullable = true) Integer respiratoryRate,
            @Schema(nullable = true) BigDecimal temperatureC,
            @Schema(nullable = true) Boolean onOxygen,
            @Schema(nullable = true) Integer sedationMoaas,
            @Schema(nullable = true) Integer dissociationCadss,
            @Schema(nullable = true) Integer nausea,
            @Schema(nullable = true) Consciousness consciousness,
            RecordStatus status,
            @Schema(nullable = true) UUID supersedes,
            @Schema(nullable = true) String recordedBy,
            @Schema(nullable = true) String amendmentReason,
            @Schema(nullable = true) Instant retractedAt,
            @Schema(nullable = true) String retractedBy,
            @Schema(nullable = true) String retractionReason,

            @Schema(
                    description = "NEWS2 of the current picture as of this reading: the latest value of each "
                            + "parameter over the readings in force measured at most infusion.news2.window "
                            + "(30 minutes by default) before it, this reading's own values included")
            NEWS2 news2,

            @JsonInclude(JsonInclude.Include.NON_NULL) List<FlagView> flags) {

        /** The reading with {@code news2}, the NEWS2 of the picture as of it ({@link Readings#news2Of}). */
        public static ReadingView of(VitalReading r, NEWS2 news2) {
            return of(r, news2, null);
        }

        /** The same with, when just recorded, the flags it raised. */
        public static ReadingView of(VitalReading r, NEWS2 news2, List<FlagView> flags) {
            return new ReadingView(
                    r.id,
                    r.sessionId,
                    r.measuredAt,
                    r.recordedAt,
                    r.lateEntry,
                    r.source,
                    integer(r.systolic),
                    integer(r.diastolic),
                    integer(r.heartRate),
                    integer(r.spo2),
                    integer(r.respiratoryRate),
                    r.temperatureC,
                    r.onOxygen,
                    integer(r.sedationMoaas),
                    integer(r.dissociationCadss),
                    integer(r.nausea),
                    r.consciousness,
                    r.status,
                    r.supersedes,
                    r.recordedBy,
                    r.amendmentReason,
                    r.retractedAt,
                    r.retractedBy,
                    r.retractionReason,
                    news2,
                    flags);
        }

        private static Integer integer(Short value) {
            return value == null ? null : value.intValue();
        }
    }
}
