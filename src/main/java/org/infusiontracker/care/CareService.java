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
import org.infusiontracker.patient.Patient;
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
import org.infusiontracker.rules.Severity;
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

    /**
     * The dosing gate: the start-dosing rules judge the session as it would start dosing, with the
     * patient and the pre-dose readings. A CRITICAL match is a blocker: 409 and nothing changes,
     * unless a physician overrides with a reason, in which case dosing starts, the override is kept
     * and each blocker is written as a flag. Every other match is a flag as usual.
     */
    public SessionView startDosing(UUID id, String ifMatch, StartDosing body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "start dosing for", SessionStatus.PLANNED);
        boolean override = body != null && Boolean.TRUE.equals(body.override());
        String reason = overrideReason(override, body == null ? null : body.reason());
        sessions.startDosing(s, time.orNow(body == null ? null : body.at(), "at"));
        List<Match> matches = rules.judge(Trigger.DOSING_START, RaisedBy.session(s.clinicId, s.id), gate(s));
        List<Blocker> blockers = matches.stream()
                .filter(m -> m.rule().severity() == Severity.CRITICAL)
                .map(CareService::blocker)
                .toList();
        if (!blockers.isEmpty() && !override) {
            throw Blocked.dosing(blockers);
        }
        sessions.dosingStarted(s, blockers.stream().map(Blocker::code).toList(), reason);
        rules.raise(matches, RaisedBy.session(s.clinicId, s.id));
        return moved(s);
    }

    /** The facts of the dosing gate: the session at its start, the patient, the readings before it. */
    private Facts gate(InfusionSession s) {
        List<VitalReading> inForce = readings.inForce(s);
        return Readings.beforeDosing(s, inForce)
                .with(
                        SessionFacts.VARIABLE,
                        s.facts(s.dosingStartedAt, Readings.upTo(s, inForce, s.dosingStartedAt), null, null, null))
                .with(PatientFacts.VARIABLE, patients.require(s.patientId).facts(sessions.dosedInSevenDaysBefore(s)));
    }

    /**
     * The end of dosing, with the dose given, or stopped early for a reaction (a nurse may: the
     * patient is then watched as closely as before). The end-dosing rules judge the dose against
     * the plan.
     */
    public SessionView endDosing(UUID id, String ifMatch, EndDosing body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "end dosing for", SessionStatus.DOSING);
        boolean stoppedEarly = body != null && Boolean.TRUE.equals(body.stoppedEarly());
        String stopReason = blankToNull(body == null ? null : body.reason());
        if (stoppedEarly && stopReason == null) {
            throw new InvalidInput("reason", "is required when dosing was stopped early");
        }
        if (!stoppedEarly && stopReason != null) {
            throw new InvalidInput("reason", "is only taken with stoppedEarly");
        }
        sessions.endDosing(
                s,
                time.orNow(body == null ? null : body.at(), "at"),
                body == null ? null : body.administeredDoseMg(),
                stoppedEarly ? stopReason : null);
        rules.raise(Trigger.DOSING_END, RaisedBy.session(s.clinicId, s.id), () -> {
            Patient patient = patients.require(s.patientId);
            return Facts.of()
                    .with(SessionFacts.VARIABLE, s.factsWithDose(s.dosingEndedAt, patient.weightKg))
                    .with(PatientFacts.VARIABLE, patient.facts(null));
        });
        return moved(s);
    }

    /** The override's reason, stripped; 400 when an override has none, 403 when the caller is not a physician. */
    private String overrideReason(boolean override, String given) {
        String reason = blankToNull(given);
        if (override && reason == null) {
            throw new InvalidInput("reason", "is required when overriding");
        }
        if (override && !clinic.isPhysician()) {
            throw new Forbidden("Only a physician may override");
        }
        return reason;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Blocker blocker(Match match) {
        return new Blocker(
                match.rule().code(), match.rule().severity(), match.rule().message(), match.matchedValue());
    }

    /**
     * Discharges when ready; otherwise 409 with the blockers, unless a physician overrides with a
     * reason, in which case each blocker is written as a flag for the record.
     */
    public SessionView discharge(UUID id, String ifMatch, Discharge body) {
        InfusionSession s = sessions.beginMove(id, ifMatch, "discharge", SessionStatus.OBSERVATION);
        boolean override = body != null && Boolean.TRUE.equals(body.override());
        String reason = overrideReason(override, body == null ? null : body.reason());
        Instant at = SessionService.notBefore(
                time.orNow(body == null ? null : body.at(), "at"), s.dosingEndedAt, "dosing ended");
        List<Match> blocking =
                rules.judge(Trigger.DISCHARGE, RaisedBy.session(s.clinicId, s.id), state.at(s, at, Trigger.DISCHARGE));
        DischargeReadiness readiness = readiness(s, blocking);
        if (!readiness.ready()) {
            if (!override) {
                throw Blocked.discharge(readiness.blockers());
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
        matches.stream().map(CareService::blocker).forEach(blockers::add);
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
