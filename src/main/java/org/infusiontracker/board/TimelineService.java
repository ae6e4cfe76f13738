package org.infusiontracker.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/**
 * One session's story for a chart: transitions, readings, adverse events and their resolution,
 * flags and their acknowledgement, merged in clinical-time order (readings by when they were
 * measured, events by onset). Only the versions in force of readings and events appear.
 */
@ApplicationScoped
public class TimelineService {

    /** What happened: {@code kind} says which of the payload fields is filled. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = {"at", "kind", "summary"})
    public record Entry(
            Instant at,
            String kind,
            String summary,
            ReadingView reading,
            AdverseEventView adverseEvent,
            FlagView flag,
            Map<String, Object> transition) {}

    private static final List<String> KIND_ORDER =
            List.of("transition", "reading", "adverse-event", "resolution", "flag", "acknowledgement");

    private final SessionService sessions;
    private final Readings readings;
    private final AdverseEventService events;
    private final FlagService flags;
    private final AuditLog audit;

    TimelineService(
            SessionService sessions, Readings readings, AdverseEventService events, FlagService flags, AuditLog audit) {
        this.sessions = sessions;
        this.readings = readings;
        this.events = events;
        this.flags = flags;
        this.audit = audit;
    }

    @Transactional
    public List<Entry> timeline(UUID sessionId) {
        InfusionSession s = sessions.require(sessionId);
        audit.read("timeline", s.id);
        List<Entry> entries = new ArrayList<>();
        transition(entries, s.createdAt, "PLANNED", "Session planned", Map.of("drug", s.drug, "route", s.route));
        transition(entries, s.dosingStartedAt, "DOSING", "Dosing started", Map.of());
        transition(
                entries,
                s.dosingEndedAt,
                "OBSERVATION",
                "Dosing ended",
                s.administeredDoseMg == null ? Map.of() : Map.of("administeredDoseMg", s.administeredDoseMg));
        transition(
                entries,
                s.dischargedAt,
                "DISCHARGED",
                s.dischargeOverride ? "Discharged by override" : "Discharged",
                s.dischargeOverride ? Map.of("overrideReason", s.dischargeOverrideReason) : Map.of());
        transition(
                entries,
                s.abortedAt,
                "ABORTED",
                "Aborted",
                s.abortReason == null ? Map.of() : Map.of("reason", s.abortReason));
        List<VitalReading> inForce = readings.inForce(s);
        for (VitalReading r : inForce) {
            entries.add(new Entry(
                    r.measuredAt,
                    "reading",
                    "Vital signs",
                    ReadingView.of(r, readings.news2Of(r, inForce)),
                    null,
                    null,
                    null));
        }
        for (AdverseEvent e : events.inForce(s)) {
            AdverseEventView view = AdverseEventView.of(e);
            entries.add(new Entry(e.onsetAt, "adverse-event", e.type + " grade " + e.grade, null, view, null, null));
            if (e.resolvedAt != null) {
                entries.add(new Entry(e.resolvedAt, "resolution", e.type + " " + e.outcome, null, view, null, null));
            }
        }
        for (FlagView f : flags.allOfSession(s.id, s.clinicId)) {
            entries.add(new Entry(f.raisedAt(), "flag", f.severity() + " " + f.ruleCode(), null, null, f, null));
            if (f.acknowledgedAt() != null) {
                entries.add(new Entry(
                        f.acknowledgedAt(),
                        "acknowledgement",
                        f.ruleCode() + " acknowledged by " + f.acknowledgedBy(),
                        null,
                        null,
                        f,
                        null));
            }
        }
        entries.sort(Comparator.comparing(Entry::at).thenComparing(e -> KIND_ORDER.indexOf(e.kind())));
        return entries;
    }

    private static void transition(
            List<Entry> entries, Instant at, String status, String summary, Map<String, Object> detail) {
        if (at != null) {
            Map<String, Object> transition = new java.util.LinkedHashMap<>(detail);
            transition.put("status", status);
            entries.add(new Entry(at, "transition", summary, null, null, null, transition));
        }
    }
}
