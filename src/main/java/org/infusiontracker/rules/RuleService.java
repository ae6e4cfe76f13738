package org.infusiontracker.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.rules.FlagApi.Blocker;
import org.infusiontracker.rules.FlagApi.DischargeReadiness;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.FlagService.Match;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.VitalReading;

/**
 * Runs the rules of each trigger and writes what matched as flags, in the caller's transaction:
 * a reading and the flags it raised commit or fail together.
 */
@ApplicationScoped
public class RuleService {

    private final RuleBook book;
    private final CelRules cel;
    private final RuleInputs inputs;
    private final FlagService flags;

    RuleService(RuleBook book, CelRules cel, RuleInputs inputs, FlagService flags) {
        this.book = book;
        this.cel = cel;
        this.inputs = inputs;
        this.flags = flags;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> onReading(InfusionSession s, VitalReading r) {
        return raise(s, Trigger.READING, patient -> inputs.forReading(s, patient, r), r.id, null);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> onAdverseEvent(InfusionSession s, AdverseEvent e) {
        return raise(s, Trigger.ADVERSE_EVENT, patient -> inputs.forEvent(s, patient, e), null, e.id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> onDosingStart(InfusionSession s) {
        return raise(s, Trigger.DOSING_START, patient -> inputs.forDosingStart(s, patient), null, null);
    }

    /** The clock rules for one open session at {@code now}; each fires once per session. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> onClock(InfusionSession s, Instant now) {
        return raise(s, Trigger.CLOCK, patient -> inputs.forSessionState(s, patient, now), null, null);
    }

    /** Evaluates the trigger's rules (building the variables only when there are rules) and writes the matches. */
    private List<FlagView> raise(
            InfusionSession s,
            Trigger trigger,
            Function<Patient, Map<String, Object>> variables,
            UUID readingId,
            UUID eventId) {
        List<RuleBook.ActiveRule> rules = book.active(s.clinicId, trigger);
        if (rules.isEmpty()) {
            return List.of();
        }
        Patient patient =
                trigger == Trigger.DOSING_START || book.uses(s.clinicId, trigger, "patient") ? patient(s) : null;
        return flags.raise(evaluate(rules, variables.apply(patient)), s, readingId, eventId);
    }

    /**
     * Whether the session may be discharged at {@code at}: every discharge rule that matches is a
     * blocker. Only a session under observation can be ready.
     */
    public DischargeReadiness readiness(InfusionSession s, Instant at) {
        return readiness(s, dischargeMatches(s, at));
    }

    /** Readiness from variables already built ({@link RuleInputs#forSessionState}), for many sessions at once. */
    public DischargeReadiness readiness(InfusionSession s, Map<String, Object> stateAt) {
        return readiness(s, evaluate(book.active(s.clinicId, Trigger.DISCHARGE), stateAt));
    }

    /** The session's rules in force for a trigger (their version ids identify what an assessment was made with). */
    public List<RuleBook.ActiveRule> active(InfusionSession s, Trigger trigger) {
        return book.active(s.clinicId, trigger);
    }

    /** Which of {@code rules} match the given state. */
    public List<Match> matches(List<RuleBook.ActiveRule> rules, Map<String, Object> stateAt) {
        return rules.isEmpty() ? List.of() : evaluate(rules, stateAt);
    }

    private DischargeReadiness readiness(InfusionSession s, List<Match> matches) {
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

    /** A discharge over blockers: each matching discharge rule is written as a flag, for the record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> onDischargeOverride(InfusionSession s, Instant at) {
        return flags.raise(dischargeMatches(s, at), s, null, null);
    }

    private List<Match> dischargeMatches(InfusionSession s, Instant at) {
        List<RuleBook.ActiveRule> rules = book.active(s.clinicId, Trigger.DISCHARGE);
        if (rules.isEmpty()) {
            return List.of();
        }
        return evaluate(rules, inputs.forSessionState(s, patient(s), at));
    }

    /** Every rule against one set of variables, bound once. */
    List<Match> evaluate(List<RuleBook.ActiveRule> rules, Map<String, Object> vars) {
        CelRules.Bindings activation = CelRules.bind(vars);
        List<Match> matches = new ArrayList<>();
        for (RuleBook.ActiveRule rule : rules) {
            if (cel.matches(rule.condition(), activation)) {
                String value = rule.matchedValue() == null ? null : cel.render(rule.matchedValue(), activation);
                matches.add(new Match(rule, value));
            }
        }
        return matches;
    }

    private static Patient patient(InfusionSession s) {
        return Patient.<Patient>find("id = ?1 and clinicId = ?2", s.patientId, s.clinicId)
                .firstResult();
    }
}
