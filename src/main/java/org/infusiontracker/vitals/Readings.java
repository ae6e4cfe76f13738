package org.infusiontracker.vitals;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionFacts;

/**
 * The one place a session's readings are read, in the clinic's words: the readings <em>in force</em>
 * (versions neither amended nor retracted) in <em>clinical order</em> (when measured, then when
 * recorded), the <em>baseline</em>, the <em>latest values</em>.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Readings {

    private static final Sort CLINICAL_ORDER =
            Sort.by("measuredAt").and("recordedAt").and("id");
    private static final String IN_FORCE_OF_SESSION = "sessionId = ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE;

    /** How many readings in force a session has, and when the latest of them was recorded. */
    public record Tally(long count, Instant lastRecordedAt) {}

    /** The session's readings in force, in clinical order. */
    public List<VitalReading> inForce(InfusionSession s) {
        return VitalReading.<VitalReading>list(IN_FORCE_OF_SESSION, CLINICAL_ORDER, s.id, s.clinicId);
    }

    /** The session's readings, every version, in clinical order. */
    List<VitalReading> everyVersion(InfusionSession s) {
        return VitalReading.<VitalReading>list("sessionId = ?1 and clinicId = ?2", CLINICAL_ORDER, s.id, s.clinicId);
    }

    /** The readings in force of each of the sessions, in clinical order, in one query. */
    public Map<UUID, List<VitalReading>> inForce(List<UUID> sessionIds, String clinicId) {
        Map<UUID, List<VitalReading>> bySession = new HashMap<>();
        VitalReading.<VitalReading>list(
                        "sessionId in ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE,
                        Sort.by("sessionId").and("measuredAt").and("recordedAt").and("id"),
                        sessionIds,
                        clinicId)
                .forEach(r -> bySession
                        .computeIfAbsent(r.sessionId, k -> new ArrayList<>())
                        .add(r));
        return bySession;
    }

    /** Of each session that has readings in force, their tally, in one query. */
    public Map<UUID, Tally> tallies(List<UUID> sessionIds, String clinicId) {
        Map<UUID, Tally> bySession = new HashMap<>();
        VitalReading.getEntityManager()
                .createQuery(
                        "select sessionId, count(*), max(recordedAt) from VitalReading where sessionId in :ids "
                                + "and clinicId = :clinic and " + RecordStatus.IN_FORCE + " group by sessionId",
                        Object[].class)
                .setParameter("ids", sessionIds)
                .setParameter("clinic", clinicId)
                .getResultList()
                .forEach(row -> bySession.put((UUID) row[0], new Tally((Long) row[1], (Instant) row[2])));
        return bySession;
    }

    /** Sessions of the clinic with a reading in force measured in {@code [from, to)}. */
    public List<UUID> sessionsMeasuredIn(String clinicId, Instant from, Instant to) {
        return VitalReading.getEntityManager()
                .createQuery(
                        "select distinct sessionId from VitalReading where clinicId = :clinic "
                                + "and measuredAt >= :from and measuredAt < :to and " + RecordStatus.IN_FORCE,
                        UUID.class)
                .setParameter("clinic", clinicId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
    }

    /**
     * The session's baseline among its readings in force (clinical order): the first measured before
     * dosing started, or while the session is planned its first reading so far.
     */
    public static Optional<VitalReading> baseline(InfusionSession s, List<VitalReading> inForce) {
        return inForce.stream().filter(r -> r.isPreDose(s.dosingStartedAt)).findFirst();
    }

    /** The latest reading in force, in clinical order. */
    public static Optional<VitalReading> latest(List<VitalReading> inForce) {
        return inForce.isEmpty() ? Optional.empty() : Optional.of(inForce.get(inForce.size() - 1));
    }

    /**
     * The latest value of each vital sign measured up to {@code at}: since dosing started when it has,
     * otherwise from all readings.
     */
    public static ReadingFacts latestValues(InfusionSession s, List<VitalReading> inForce, Instant at) {
        List<ReadingFacts> since = new ArrayList<>();
        for (VitalReading r : inForce) {
            if (!r.measuredAt.isAfter(at) && (s.dosingStartedAt == null || !r.isPreDose(s.dosingStartedAt))) {
                since.add(r.facts(s.dosingStartedAt, null));
            }
        }
        return ReadingFacts.latestOf(since);
    }

    /**
     * The session's baseline read alone (two indexed rows at most, whatever the session's length):
     * the reading {@link #baseline(InfusionSession, List)} picks from all of them.
     */
    public Optional<VitalReading> baseline(InfusionSession s) {
        return s.dosingStartedAt == null
                ? VitalReading.<VitalReading>find(IN_FORCE_OF_SESSION, CLINICAL_ORDER, s.id, s.clinicId)
                        .firstResultOptional()
                : VitalReading.<VitalReading>find(
                                IN_FORCE_OF_SESSION + " and measuredAt < ?3",
                                CLINICAL_ORDER,
                                s.id,
                                s.clinicId,
                                s.dosingStartedAt)
                        .firstResultOptional();
    }

    /**
     * The reading in force measured last before {@code r} in clinical order (a reading recorded
     * later at the same clinical time is not before it), read alone.
     */
    public Optional<VitalReading> previous(VitalReading r) {
        return VitalReading.<VitalReading>find(
                        IN_FORCE_OF_SESSION
                                + " and id <> ?3 and (measuredAt < ?4 or (measuredAt = ?4 and recordedAt < ?5))",
                        Sort.descending("measuredAt").and("recordedAt", Sort.Direction.Descending),
                        r.sessionId,
                        r.clinicId,
                        r.id,
                        r.measuredAt,
                        r.recordedAt)
                .firstResultOptional();
    }

    /**
     * What the readings say at {@code at}, as the rules see it: the latest value of each vital sign
     * ({@link #latestValues}) as {@code reading}, its NEWS2, and the baseline.
     */
    public static Facts pictureAt(InfusionSession s, List<VitalReading> inForce, Instant at) {
        ReadingFacts latest = latestValues(s, inForce, at);
        return Facts.of()
                .with(ReadingFacts.READING, latest)
                .with(
                        ReadingFacts.BASELINE,
                        baseline(s, inForce)
                                .map(b -> b.facts(s.dosingStartedAt, null))
                                .orElse(null))
                .with(NEWS2.VARIABLE, latest.news2());
    }

    /**
     * The facts a reading is judged on: the reading, the session's baseline and the reading before
     * it, the session at the time of measurement, the patient (null when no rule reads it) and the
     * reading's NEWS2.
     */
    public static Facts judgedOn(
            InfusionSession s, VitalReading r, VitalReading baseline, VitalReading previous, PatientFacts patient) {
        ReadingFacts reading = r.facts(s.dosingStartedAt, null);
        return Facts.of()
                .with(ReadingFacts.READING, reading)
                .with(ReadingFacts.BASELINE, baseline == null ? null : baseline.facts(s.dosingStartedAt, null))
                .with(ReadingFacts.PREVIOUS, previous == null ? null : previous.facts(s.dosingStartedAt, null))
                .with(SessionFacts.VARIABLE, s.facts(r.measuredAt))
                .with(PatientFacts.VARIABLE, patient)
                .with(NEWS2.VARIABLE, reading.news2());
    }

    /**
     * What the readings say as dosing starts, for the dosing gate: the latest pre-dose value of each
     * vital sign as {@code reading}, its NEWS2, and the baseline.
     */
    public static Facts beforeDosing(InfusionSession s, List<VitalReading> inForce) {
        List<ReadingFacts> preDose = new ArrayList<>();
        for (VitalReading r : inForce) {
            if (r.isPreDose(s.dosingStartedAt)) {
                preDose.add(r.facts(s.dosingStartedAt, null));
            }
        }
        ReadingFacts latest = ReadingFacts.latestOf(preDose);
        return Facts.of()
                .with(ReadingFacts.READING, latest)
                .with(ReadingFacts.BASELINE, preDose.isEmpty() ? null : preDose.get(0))
                .with(NEWS2.VARIABLE, latest.news2());
    }

    /** Each reading in force measured up to {@code at}, with its minutes before {@code at}. */
    public static List<ReadingFacts> upTo(InfusionSession s, List<VitalReading> inForce, Instant at) {
        List<ReadingFacts> facts = new ArrayList<>(inForce.size());
        for (VitalReading r : inForce) {
            if (!r.measuredAt.isAfter(at)) {
                facts.add(r.facts(s.dosingStartedAt, at));
            }
        }
        return facts;
    }
}
