package org.infusiontracker.care;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.api.Forbidden;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.Page;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.rules.FlagApi.Blocker;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.rules.FlagService.Match;
import org.infusiontracker.rules.RaisedBy;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionApi.Abort;
import org.infusiontracker.session.SessionApi.CreateSession;
import org.infusiontracker.session.SessionApi.Discharge;
import org.infusiontracker.session.SessionApi.EndDosing;
import org.infusiontracker.session.SessionApi.StartDosing;
import org.infusiontracker.session.SessionFacts;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/**
 * A session's course of care: its lifecycle moves with the rules they consult (the start of dosing,
 * discharge readiness), and the session as clients see it, with its baseline, latest reading, open
 * flags and readiness. Each move publishes one {@code session.updated} where it is committed.
 */
@ApplicationScoped
@Transactional
public class CareService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final PatientService patients;
    private final Readings readings;
    private final SessionState state;
    private final RuleService rules;
    private final FlagService flags;
    private final AuditLog audit;
    private final EventLog events;

    CareService(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            PatientService patients,
            Readings readings,
            SessionState state,
            RuleService rules,
            FlagService flags,
            AuditLog audit,
            EventLog events) {
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.patients = patients;
        this.readings = readings;
        this.state = state;
        this.rules = rules;
        this.flags = flags;
        this.audit = audit;
        this.events = events;
    }

    public SessionView plan(CreateSession body) {
        SessionView view = SessionView.of(sessions.create(body));
        events.publish(clinic.clinicId(), EventType.SESSION_CREATED, view);
        return view;
    }

    /** The session with its baseline, latest reading, open flags and (while open) discharge readiness. */
    public Optional<SessionView> find(UUID id) {
        Optional<InfusionSession> found = sessions.find(id);
        found.ifPresent(s -> audit.read("session", s.id));
        return found.map(this::detail);
    }

    public Page<SessionView> list(
            List<SessionStatus> statuses, UUID patientId, OffsetDateTime from, OffsetDateTime to, int page, int size) {
        return sessions.list(statuses, patientId, from, to, page, size).map(SessionView::of);
    }

    public SessionView startDosing(UUID id, String ifMatch, StartDosing body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "start dosing for", SessionStatus.PLANNED);
        sessions.startDosing(s, time.orNow(body == null ? null : body.at(), "at"));
        rules.raise(
                Trigger.DOSING_START,
                RaisedBy.session(s.clinicId, s.id),
                () -> Facts.of()
                        .with(SessionFacts.VARIABLE, s.facts(s.dosingStartedAt))
                        .with(
                                PatientFacts.VARIABLE,
                                patients.require(s.patientId).facts(sessions.dosedInSevenDaysBefore(s))));
        return moved(s);
    }

    public SessionView endDosing(UUID id, String ifMatch, EndDosing body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "end dosing for", SessionStatus.DOSING);
        sessions.endDosing(
                s, time.orNow(body == null ? null : body.at(), "at"), body == null ? null : body.administeredDoseMg());
        return moved(s);
    }

    /**
     * Discharges when ready; otherwise 409 with the blockers, unless a physician overrides with a
     * reason, in which case each blocker is written as a flag for the record.
     */
    public SessionView discharge(UUID id, String ifMatch, Discharge body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "discharge", SessionStatus.OBSERVATION);
        boolean override = body != null && Boolean.TRUE.equals(body.override());
        String reason = body == null || body.reason() == null || body.reason().isBlank()
                ? null
                : body.reason().strip();
        if (override && reason == null) {
            throw new InvalidInput("reason", "is required when overriding");
        }
        if (override && !clinic.isPhysician()) {
            throw new Forbidden("Only a physician may override discharge readiness");
        }
        Instant at = SessionService.notBefore(
                time.orNow(body == null ? null : body.at(), "at"), s.dosingEndedAt, "dosing ended");
        List<Match> blocking = rules.matches(s.clinicId, Trigger.DISCHARGE, state.at(s, at, Trigger.DISCHARGE));
        DischargeReadiness readiness = readiness(s, blocking);
        if (!readiness.ready()) {
            if (!override) {
                throw new DischargeNotReady(readiness.blockers());
            }
            rules.raise(blocking, RaisedBy.session(s.clinicId, s.id));
        }
        sessions.discharge(
                s,
                at,
                readiness.ready()
                        ? List.of()
                        : readiness.blockers().stream().map(Blocker::code).toList(),
                reason);
        return moved(s);
    }

    public SessionView abort(UUID id, String ifMatch, Abort body) {
        InfusionSession s = sessions.beginMove(
                id, ifMatch, "abort", SessionStatus.PLANNED, SessionStatus.DOSING, SessionStatus.OBSERVATION);
        sessions.abort(s, time.orNow(body.at(), "at"), body.reason());
        return moved(s);
    }

    /** Readiness from the session's state already built ({@link SessionState#at}), for many sessions at once. */
    public DischargeReadiness readiness(InfusionSession s, Facts stateAt) {
        return readiness(s, rules.matches(s.clinicId, Trigger.DISCHARGE, stateAt));
    }

    /** Only a session under observation can be ready; each matching discharge rule is a blocker. */
    private static DischargeReadiness readiness(InfusionSession s, List<Match> matches) {
        List<Blocker> blockers = new ArrayList<>();
        if (s.status != SessionStatus.OBSERVATION) {
            blockers.add(new Blocker(
                    "NOT_IN_OBSERVATION",
                    null,
                    "The session is " + s.status + "; discharge follows the end of dosing",
                    null));
        }
        for (Match match : matches) {
            blockers.add(new Blocker(
                    match.rule().code(), match.rule().severity(), match.rule().message(), match.matchedValue()));
        }
        return new DischargeReadiness(blockers.isEmpty(), List.copyOf(blockers));
    }

    /** The session as it stands after a move, published once. */
    private SessionView moved(InfusionSession s) {
        SessionView view = detail(s);
        events.publish(s.clinicId, EventType.SESSION_UPDATED, view);
        return view;
    }

    private SessionView detail(InfusionSession s) {
        List<VitalReading> inForce = readings.inForce(s);
        Instant now = time.now();
        return SessionView.of(
                s,
                Readings.baseline(s, inForce)
                        .map(r -> ReadingView.of(r, readings.news2Of(r, inForce)))
                        .orElse(null),
                Readings.latest(inForce)
                        .map(r -> ReadingView.of(r, readings.news2Of(r, inForce)))
                        .orElse(null),
                readings.news2At(inForce, now),
                flags.openOfSession(s.id),
                s.status.isOpen() ? readiness(s, state.at(s, now, Trigger.DISCHARGE, inForce)) : null);
    }
}
