package org.infusiontracker.care;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.infusiontracker.adverse.AdverseEventService;
import org.infusiontracker.adverse.EventFacts;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.rules.FlagService;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.rules.Trigger;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionFacts;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;

/**
 * The whole course of a session at a moment, as the discharge and clock rules judge it: the latest
 * value of each vital sign since dosing started (for discharge only the fresh ones), the baseline,
 * every reading so far with its age, the open WARNING and CRITICAL flags and the unresolved adverse
 * events.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SessionState {

    private final Readings readings;
    private final AdverseEventService events;
    private final FlagService flags;
    private final PatientService patients;
    private final RuleService rules;

    SessionState(
            Readings readings,
            AdverseEventService events,
            FlagService flags,
            PatientService patients,
            RuleService rules) {
        this.readings = readings;
        this.events = events;
        this.flags = flags;
        this.patients = patients;
        this.rules = rules;
    }

    /** The session's state at {@code at} for the trigger's rules, read from its records. */
    public Facts at(InfusionSession s, Instant at, Trigger judgedBy) {
        return at(s, at, judgedBy, readings.inForce(s));
    }

    /** The same with the session's readings in force at hand; the patient is read only when a rule reads it. */
    public Facts at(InfusionSession s, Instant at, Trigger judgedBy, List<VitalReading> inForce) {
        return at(
                s,
                rules.reads(s.clinicId, judgedBy, PatientFacts.VARIABLE)
                        ? patients.facts(s.patientId, s.clinicId)
                        : null,
                at,
                inForce,
                flags.unacknowledged(s.id, s.clinicId),
                events.unresolved(s),
                judgedBy);
    }

    /**
     * The same from records already at hand (the board reads them for all open sessions at once).
     * The discharge rules see as {@code reading} only fresh values ({@link Readings#freshAt}); the
     * clock rules the latest value of each vital sign since dosing started ({@link Readings#pictureAt}).
     */
    public Facts at(
            InfusionSession s,
            PatientFacts patient,
            Instant at,
            List<VitalReading> inForce,
            long unacknowledgedFlags,
            List<EventFacts> unresolvedEvents,
            Trigger judgedBy) {
        List<String> unresolvedTypes =
                unresolvedEvents.stream().map(EventFacts::type).distinct().toList();
        Facts picture =
                judgedBy == Trigger.DISCHARGE ? readings.freshAt(s, inForce, at) : readings.pictureAt(s, inForce, at);
        return picture.with(
                        SessionFacts.VARIABLE,
                        s.facts(
                                at,
                                Readings.upTo(s, inForce, at),
                                unacknowledgedFlags,
                                unresolvedTypes,
                                unresolvedEvents))
                .with(PatientFacts.VARIABLE, patient);
    }
}
