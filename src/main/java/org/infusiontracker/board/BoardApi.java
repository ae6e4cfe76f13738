package org.infusiontracker.board;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.Severity;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.Route;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/** What the wall screen shows: every open chair, what is wrong with it and what is due next. */
public final class BoardApi {

    private BoardApi() {}

    public record Board(Instant at, int openSessions, List<Chair> sessions) {}

    public record PatientRef(UUID id, String displayName, String mrn) {}

    /** Open flags counted by severity, most severe first; {@code mostSevere} is null when none is open. */
    public record FlagCounts(Severity mostSevere, int critical, int warning, int info) {}

    /**
     * The next thing the clock rules expect: if nothing is recorded, {@code ruleCode} fires by
     * {@code dueBy} (sampled every few minutes over the next hour).
     */
    public record Due(String ruleCode, String message, Instant dueBy) {}

    public record Chair(
            UUID sessionId,
            PatientRef patient,
            Drug drug,
            Route route,
            SessionStatus status,
            Instant dosingStartedAt,
            Double minutesSinceDosingStarted,
            Double minutesSinceDosingEnded,
            ReadingView baseline,
            ReadingView latestReading,
            FlagCounts openFlags,
            DischargeReadiness dischargeReadiness,
            Due nextDue) {}
}
