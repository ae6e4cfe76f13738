package org.infusiontracker.care;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.outcomes.AssessmentService;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.rules.FactHistory;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The recorded past for rule backtests: each reading, adverse event or assessment (spans of the
 * patient rather than a session) of the window in force, with
 * the facts the live service judged it on. A session's full readings are read, so that its baseline
 * and each reading's previous one are right. The caller (a backtest) reads a page of sessions per
 * call, each call in a short transaction of its own.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RecordedHistory implements FactHistory {

    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final AdverseEventService events;
    private final AssessmentService assessments;

    RecordedHistory(
            SessionService sessions,
            PatientService patients,
            Readings readings,
            AdverseEventService events,
            AssessmentService assessments) {
        this.assessments = assessments;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.events = events;
    }

    @Override
    public List<Span> spans(String clinicId, Trigger trigger, Instant from, Instant to) {
        return switch (trigger) {
            case READING -> readings.spansMeasuredIn(clinicId, from, to);
            case ASSESSMENT -> assessments.spansCompletedIn(clinicId, from, to);
            default -> events.spansWithOnsetIn(clinicId, from, to);
        };
    }

    @Override
    public List<Replay> replay(String clinicId, Trigger trigger, List<UUID> sessionIds, Instant from, Instant to) {
        List<Replay> replays = new ArrayList<>();
        if (sessionIds.isEmpty()) {
            return replays;
        }
        if (trigger == Trigger.ASSESSMENT) {
            return assessments.replayCompletedIn(clinicId, sessionIds, from, to);
        }
        Map<UUID, List<AdverseEvent>> eventsBySession =
                trigger == Trigger.ADVERSE_EVENT ? events.withOnsetIn(clinicId, sessionIds, from, to) : Map.of();
        Map<UUID, InfusionSession> byId = sessions.byIds(sessionIds, clinicId);
        Set<UUID> patientIds = new HashSet<>();
        byId.values().forEach(s -> patientIds.add(s.patientId));
        Map<UUID, Patient> patientsById = patients.byIds(patientIds, clinicId);
        Map<UUID, List<VitalReading>> readingsBySession = readings.inForce(sessionIds, clinicId);
        for (UUID sessionId : sessionIds) {
            InfusionSession s = byId.get(sessionId);
            Patient p = patientsById.get(s.patientId);
            List<VitalReading> course = readingsBySession.getOrDefault(sessionId, List.of());
            if (trigger == Trigger.READING) {
                VitalReading baseline = Readings.baseline(s, course).orElse(null);
                for (int i = 0; i < course.size(); i++) {
                    VitalReading r = course.get(i);
                    if (!r.measuredAt.isBefore(from) && r.measuredAt.isBefore(to)) {
                        replays.add(new Replay(
                                sessionId,
                                Readings.judgedOn(
                                        s,
                                        r,
                                        baseline,
                                        i == 0 ? null : course.get(i - 1),
                                        p.facts(null),
                                        readings.news2Of(r, course))));
                    }
                }
            } else {
                for (AdverseEvent e : eventsBySession.getOrDefault(sessionId, List.of())) {
                    replays.add(new Replay(sessionId, events.facts(s, e, course, p.facts(null))));
                }
            }
        }
        return replays;
    }
}
