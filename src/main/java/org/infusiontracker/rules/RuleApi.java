package org.infusiontracker.rules;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The rules resource's request and answer bodies. */
public final class RuleApi {

    private RuleApi() {}

    /** A rule version. {@code clinic} is null for the shipped default that every clinic shares. */
    @Schema(
            requiredProperties = {
                "code",
                "version",
                "clinic",
                "table",
                "row",
                "severity",
                "trigger",
                "condition",
                "matchedValue",
                "message",
                "source",
                "enabled",
                "createdAt",
                "createdBy",
                "changeReason"
            })
    public record RuleView(
            String code,
            int version,
            @Schema(nullable = true) String clinic,
            SeedTable table,
            String row,
            Severity severity,
            Trigger trigger,
            String condition,
            @Schema(nullable = true) String matchedValue,
            String message,
            String source,
            boolean enabled,
            Instant createdAt,
            String createdBy,
            @Schema(nullable = true) String changeReason) {

        static RuleView of(Rule r) {
            return new RuleView(
                    r.code,
                    r.version,
                    Rule.EVERY_CLINIC.equals(r.clinicId) ? null : r.clinicId,
                    r.seedTable,
                    r.seedRow,
                    r.severity,
                    r.trigger,
                    r.condition,
                    r.matchedValue,
                    r.message,
                    r.source,
                    r.enabled,
                    r.createdAt,
                    r.createdBy,
                    r.changeReason);
        }
    }

    /**
     * The version in force, every version of the code, newest first, and the clinic's evaluation
     * errors of the code in the last 24 hours.
     */
    @Schema(requiredProperties = {"current", "versions", "evaluationErrors"})
    public record RuleHistory(RuleView current, List<RuleView> versions, EvaluationErrors evaluationErrors) {}

    /**
     * How often the rule could not be evaluated on the clinic's records in the last 24 hours (each
     * time it counted as no match), and the last time: which version, CEL's message, when.
     */
    @Schema(requiredProperties = {"last24Hours", "lastVersion", "lastMessage", "lastAt"})
    public record EvaluationErrors(
            long last24Hours,
            @Schema(nullable = true) Integer lastVersion,
            @Schema(nullable = true) String lastMessage,
            @Schema(nullable = true) Instant lastAt) {

        static final EvaluationErrors NONE = new EvaluationErrors(0, null, null, null);
    }

    /**
     * A new version of a rule. For an existing code every field but {@code condition} and
     * {@code reason} may be left out to keep the current value; a new code needs them all.
     */
    public record EditRule(
            SeedTable table,
            @Size(max = 100) String row,
            Severity severity,
            Trigger trigger,
            @NotBlank @Size(max = 4000) String condition,
            @Size(max = 1000) String matchedValue,
            @Size(max = 500) String message,
            @Size(max = 500) String source,
            Boolean enabled,
            @NotBlank @Size(max = 1000) String reason) {}

    /** A candidate condition to replay over recorded history (default: the last 30 days). */
    public record Backtest(@NotBlank @Size(max = 4000) String condition, OffsetDateTime from, OffsetDateTime to) {}

    /**
     * What a condition would have done: {@code matches} counts the records it matched,
     * {@code flags} the flags it would have raised (a run of consecutive matching records in a
     * session is one flag, as one open flag counts repeats), {@code sessions} the sessions touched.
     */
    @Schema(
            name = "BacktestOutcome",
            requiredProperties = {"version", "condition", "matches", "flags", "sessions"})
    public record Outcome(
            @Schema(nullable = true) Integer version, String condition, long matches, long flags, long sessions) {}

    /**
     * A backtest's answer. The records are replayed a page at a time under a time budget
     * ({@code infusion.rules.backtest-budget}); when it runs out the answer gives the counts so far,
     * {@code complete} is false, and every record measured in {@code [from, evaluatedThrough)} was
     * replayed (some later ones may have been too, and all are counted in {@code evaluated}).
     */
    @Schema(
            requiredProperties = {
                "code",
                "trigger",
                "from",
                "to",
                "complete",
                "evaluatedThrough",
                "evaluated",
                "current",
                "candidate"
            })
    public record BacktestResult(
            String code,
            Trigger trigger,
            Instant from,
            Instant to,

            @Schema(description = "Whether every record of the window was replayed; false when the time budget ran out")
            boolean complete,

            @Schema(
                    description = "Every record measured from `from` up to (not including) this time was replayed; "
                            + "`to` when complete")
            Instant evaluatedThrough,

            @Schema(description = "How many records were replayed")
            long evaluated,

            Outcome current,
            Outcome candidate) {}
}
