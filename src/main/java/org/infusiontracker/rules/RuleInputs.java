package org.infusiontracker.rules;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.VitalReading;

/**
 * Builds the variables a rule condition sees ({@code reading}, {@code baseline}, {@code previous},
 * {@code session}, {@code patient}, {@code event}, {@code news2}) for each trigger. What a trigger
 * does not know is left out, so that a guarded condition cannot match it by accident; the README's
 * "Rules" section lists what each trigger fills. Only the versions in force count: an amended or
 * retracted reading or event is history, not the session's state.
 */
@ApplicationScoped
public class RuleInputs {

    private static final Sort CLINICAL_ORDER =
            Sort.by("measuredAt").and("recordedAt").and("id");
    private static final String OF_SESSION = "sessionId = ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE;

    /** A new reading: the reading itself, the session's baseline and the reading before it. */
    public Map<String, Object> forReading(InfusionSession s, Patient p, VitalReading r) {
        VitalReading previous = VitalReading.<VitalReading>find(
                        OF_SESSION + " and id <> ?3 and (measuredAt < ?4 or (measuredAt = ?4 and recordedAt < ?5))",
                        Sort.descending("measuredAt").and("recordedAt", Sort.Direction.Descending),
                        s.id,
                        s.clinicId,
                        r.id,
                        r.measuredAt,
                        r.recordedAt)
                .firstResult();
        return forReading(s, p, r, baseline(s).orElse(null), previous);
    }

    /** The same from records already at hand (backtests replay history this way). */
    static Map<String, Object> forReading(
            InfusionSession s, Patient p, VitalReading r, VitalReading baseline, VitalReading previous) {
        Map<String, Object> vars = new HashMap<>();
        Map<String, Object> reading = values(r, s);
        vars.put("reading", reading);
        vars.put("baseline", baseline == null ? Map.of() : values(baseline, s));
        vars.put("previous", previous == null ? Map.of() : values(previous, s));
        vars.put("session", session(s, r.measuredAt));
        vars.put("patient", patient(p));
        vars.put("news2", news2(reading));
        return vars;
    }

    /** A new adverse event, with the latest value of each vital sign measured up to its onset. */
    public Map<String, Object> forEvent(InfusionSession s, Patient p, AdverseEvent e) {
        return forEvent(s, p, e, readings(s));
    }

    /** The same from the session's readings at hand, in clinical order. */
    static Map<String, Object> forEvent(InfusionSession s, Patient p, AdverseEvent e, List<VitalReading> readings) {
        Map<String, Object> vars = new HashMap<>();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", e.type.name());
        event.put("grade", (long) e.grade);
        event.put("serious", e.serious);
        putMinutesAfterStart(event, s, e.onsetAt);
        vars.put("event", event);
        Map<String, Object> latest = latestValues(s, readings, e.onsetAt);
        vars.put("reading", latest);
        vars.put("baseline", baselineOf(s, readings).map(b -> values(b, s)).orElse(Map.of()));
        vars.put("session", session(s, e.onsetAt));
        vars.put("patient", patient(p));
        vars.put("news2", news2(latest));
        return vars;
    }

    /** The baseline among readings in clinical order: the first measured before dosing started. */
    public static java.util.Optional<VitalReading> baselineOf(InfusionSession s, List<VitalReading> readings) {
        return readings.stream()
                .filter(r -> s.dosingStartedAt == null || r.measuredAt.isBefore(s.dosingStartedAt))
                .findFirst();
    }

    /** The start of dosing: the session, and the patient with their sessions of the last 7 days. */
    public Map<String, Object> forDosingStart(InfusionSession s, Patient p) {
        Map<String, Object> patient = patient(p);
        patient.put(
                "sessionsLast7Days",
                InfusionSession.count(
                        "patientId = ?1 and clinicId = ?2 and dosingStartedAt > ?3 and dosingStartedAt <= ?4",
                        s.patientId,
                        s.clinicId,
                        s.dosingStartedAt.minus(Duration.ofDays(7)),
                        s.dosingStartedAt));
        return Map.of("session", session(s, s.dosingStartedAt), "patient", patient);
    }

    /**
     * The session's state at {@code at}, for discharge readiness and the clock sweep: {@code reading}
     * holds the latest value of each vital sign since dosing started, {@code session.readings} every
     * reading with its minutes after the start of dosing and before {@code at}, and the open flags
     * and unresolved adverse events are counted.
     */
    public Map<String, Object> forSessionState(InfusionSession s, Patient p, Instant at) {
        long unacknowledged = Flag.count(
                "sessionId = ?1 and clinicId = ?2 and status = ?3 and severity in ?4",
                s.id,
                s.clinicId,
                FlagStatus.OPEN,
                List.of(Severity.WARNING, Severity.CRITICAL));
        List<String> unresolved =
                AdverseEvent.<AdverseEvent>find(OF_SESSION + " and outcome is null", s.id, s.clinicId).stream()
                        .map(e -> e.type.name())
                        .distinct()
                        .toList();
        return forSessionState(s, p, at, readings(s), unacknowledged, unresolved);
    }

    /** The same from records already at hand (the board loads them for all open sessions at once). */
    public static Map<String, Object> forSessionState(
            InfusionSession s,
            Patient p,
            Instant at,
            List<VitalReading> readings,
            long unacknowledgedFlags,
            List<String> unresolvedEventTypes) {
        Map<String, Object> session = session(s, at);
        List<Map<String, Object>> list = new ArrayList<>(readings.size());
        for (VitalReading r : readings) {
            if (r.measuredAt.isAfter(at)) {
                continue;
            }
            Map<String, Object> values = values(r, s);
            values.put("minutesAgo", minutes(r.measuredAt, at));
            list.add(values);
        }
        session.put("readings", list);
        session.put("unacknowledgedFlags", unacknowledgedFlags);
        session.put("unresolvedEventTypes", unresolvedEventTypes);
        Map<String, Object> latest = latestValues(s, readings, at);
        Map<String, Object> vars = new HashMap<>();
        vars.put("reading", latest);
        vars.put("baseline", baselineOf(s, readings).map(b -> values(b, s)).orElse(Map.of()));
        vars.put("session", session);
        vars.put("patient", patient(p));
        vars.put("news2", news2(latest));
        return vars;
    }

    /** A reading's values under their API names; absent values are absent keys. */
    static Map<String, Object> values(VitalReading r, InfusionSession s) {
        Map<String, Object> v = new HashMap<>(24);
        v.put("systolic", r.systolic);
        v.put("diastolic", r.diastolic);
        v.put("heartRate", r.heartRate);
        v.put("spo2", r.spo2);
        v.put("respiratoryRate", r.respiratoryRate);
        v.put("temperatureC", r.temperatureC);
        v.put("onOxygen", r.onOxygen);
        v.put("sedationMoaas", r.sedationMoaas);
        v.put("dissociationCadss", r.dissociationCadss);
        v.put("nausea", r.nausea);
        v.put("consciousness", r.consciousness);
        v.put("lateEntry", r.lateEntry);
        v.put("preDose", s.dosingStartedAt == null || r.measuredAt.isBefore(s.dosingStartedAt));
        putMinutesAfterStart(v, s, r.measuredAt);
        return v;
    }

    static NEWS2 news2Of(Map<String, Object> v) {
        return NEWS2.score(
                integer(v.get("respiratoryRate")),
                integer(v.get("spo2")),
                (Boolean) v.get("onOxygen"),
                integer(v.get("systolic")),
                integer(v.get("heartRate")),
                v.get("consciousness") == null ? null : v.get("consciousness").toString(),
                (BigDecimal) v.get("temperatureC"));
    }

    private static Map<String, Object> news2(Map<String, Object> values) {
        return news2Of(values).asVariables();
    }

    /**
     * The latest value of each vital sign measured up to {@code at}: since dosing started when it
     * has, otherwise from all readings. A blood pressure is taken as a pair.
     */
    static Map<String, Object> latestValues(InfusionSession s, List<VitalReading> readings, Instant at) {
        Map<String, Object> latest = new HashMap<>();
        for (VitalReading r : readings) {
            if (r.measuredAt.isAfter(at) || (s.dosingStartedAt != null && r.measuredAt.isBefore(s.dosingStartedAt))) {
                continue;
            }
            Map<String, Object> v = values(r, s);
            v.values().removeIf(value -> value == null);
            latest.putAll(v);
        }
        return latest;
    }

    static List<VitalReading> readings(InfusionSession s) {
        return VitalReading.<VitalReading>find(OF_SESSION, CLINICAL_ORDER, s.id, s.clinicId)
                .list();
    }

    /**
     * The session's baseline: its first reading in force measured before dosing started (while the
     * session is still planned, its first reading so far).
     */
    public static java.util.Optional<VitalReading> baseline(InfusionSession s) {
        return s.dosingStartedAt == null
                ? VitalReading.<VitalReading>find(OF_SESSION, CLINICAL_ORDER, s.id, s.clinicId)
                        .firstResultOptional()
                : VitalReading.<VitalReading>find(
                                OF_SESSION + " and measuredAt < ?3",
                                CLINICAL_ORDER,
                                s.id,
                                s.clinicId,
                                s.dosingStartedAt)
                        .firstResultOptional();
    }

    private static Map<String, Object> session(InfusionSession s, Instant at) {
        Map<String, Object> v = new HashMap<>();
        v.put("drug", s.drug);
        v.put("route", s.route);
        v.put("indication", s.indication);
        v.put("status", s.status);
        v.put("prescriberOnSite", s.prescriberOnSite);
        v.put("lotNumber", s.lotNumber);
        v.put("plannedDoseAmount", s.plannedDoseAmount);
        v.put(
                "open",
                s.status == SessionStatus.PLANNED
                        || s.status == SessionStatus.DOSING
                        || s.status == SessionStatus.OBSERVATION);
        if (s.dosingStartedAt != null) {
            v.put("minutesSinceDosingStarted", minutes(s.dosingStartedAt, at));
        }
        if (s.dosingEndedAt != null) {
            v.put("minutesSinceDosingEnded", minutes(s.dosingEndedAt, at));
        }
        return v;
    }

    /** The patient's variables; none when no rule of the trigger reads them and the patient was not loaded. */
    private static Map<String, Object> patient(Patient p) {
        if (p == null) {
            return new HashMap<>();
        }
        Map<String, Object> v = new HashMap<>();
        v.put("riskFactors", Arrays.asList(p.riskFactors));
        v.put("contraindications", Arrays.asList(p.contraindications));
        v.put("birthYear", p.birthYear);
        v.put("weightKg", p.weightKg);
        return v;
    }

    private static void putMinutesAfterStart(Map<String, Object> v, InfusionSession s, Instant at) {
        if (s.dosingStartedAt != null && !at.isBefore(s.dosingStartedAt)) {
            v.put("minutesAfterDosingStart", minutes(s.dosingStartedAt, at));
        }
    }

    private static double minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
