package org.infusiontracker.board;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.Route;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.NEWS2;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/** What the wall screen shows: every open chair, what is wrong with it and what is due next. */
public final class BoardApi {

    private BoardApi() {}

    @Schema(requiredProperties = {"at", "openSessions", "overdueRemsForms", "sessions", "patientFlags"})
    public record Board(
            Instant at,
            int openSessions,

            @Schema(
                    description = "The clinic's REMS Patient Monitoring Forms overdue: esketamine sessions "
                            + "discharged more than 7 days ago whose form is not submitted")
            long overdueRemsForms,

            @Schema(description = "chairs with an escalated flag first, then by most severe open flag")
            List<Chair> sessions,

            @Schema(
                    description = "open flags of patients without a session (an assessment between sessions), "
                            + "escalated first, then newest")
            List<FlagView> patientFlags) {}

    @Schema(requiredProperties = {"id", "displayName", "mrn"})
    public record PatientRef(UUID id, String displayName, String mrn) {}

    /** Open flags counted by severity, most severe first; {@code mostSevere} is null when none is open. */
    @Schema(requiredProperties = {"mostSevere", "critical", "warning", "info", "escalated"})
    public record FlagCounts(
            @Schema(nullable = true) Severity mostSevere,
            int critical,
            int warning,
            int info,

            @Schema(description = "open flags escalated (CRITICAL flags nobody acknowledged in time)")
            int escalated) {}

    /**
     * The next thing the clock rules expect: if nothing is recorded, {@code ruleCode} fires by
     * {@code dueBy} (sampled every few minutes over the next hour).
     */
    @Schema(requiredProperties = {"ruleCode", "message", "dueBy"})
    public record Due(String ruleCode, String message, Instant dueBy) {}

    @Schema(
            requiredProperties = {
                "sessionId",
                "patient",
                "drug",
                "route",
                "status",
                "dosingStartedAt",
                "minutesSinceDosingStarted",
                "minutesSinceDosingEnded",
                "baseline",
                "latestReading",
                "currentNews2",
                "openFlags",
                "dischargeReadiness",
                "nextDue"
            })
    public record Chair(
            UUID sessionId,
            PatientRef patient,
            Drug drug,
            Route route,
            SessionStatus status,
            @Schema(nullable = true) Instant dosingStartedAt,
            @Schema(nullable = true) Double minutesSinceDosingStarted,
            @Schema(nullable = true) Double minutesSinceDosingEnded,
            @Schema(nullable = true) ReadingView baseline,
            @Schema(nullable = true) ReadingView latestReading,

            @Schema(
                    nullable = true,
                    description = "NEWS2 of the current picture (readings measured within infusion.news2.window "
                            + "up to the board's time); null when none was")
            NEWS2 currentNews2,

            FlagCounts openFlags,
            DischargeReadiness dischargeReadiness,
            @Schema(nullable = true) Due nextDue) {}
}
