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
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.rules.FactHistory;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The recorded past for rule backtests: each reading or adverse event of the window in force, with
 * the facts the live service judged it on. A session's full readings are read, so that its baseline
 * and each reading's previous one are right.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RecordedHistory implements FactHistory {

    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final AdverseEventService events;

    RecordedHistory(SessionService sessions, PatientService patients, Readings readings, AdverseEventService events) {
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.events = events;
    }

    @Override
    public List<Replay> replay(String clinicId, Trigger trigger, Instant from, Instant to, int limit) {
        Map<UUID, List<AdverseEvent>> eventsBySession =
                trigger == Trigger.ADVERSE_EVENT ? events.withOnsetIn(clinicId, from, to) : Map.of();
        List<UUID> sessionIds = trigger == Trigger.READING
                ? readings.sessionsMeasuredIn(clinicId, from, to)
                : List.copyOf(eventsBySession.keySet());
        List<Replay> replays = new ArrayList<>();
        if (sessionIds.isEmpty()) {
            return replays;
        }
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
                for (AdverseEvent e : eventsBySession.get(sessionId)) {
                    replays.add(new Replay(sessionId, events.facts(s, e, course, p.facts(null))));
                }
            }
            if (replays.size() > limit) {
                throw new InvalidInput("from", "the window holds more than " + limit + " records; narrow it");
            }
        }
        return replays;
    }
}
