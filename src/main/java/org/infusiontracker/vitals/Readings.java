package org.infusiontracker.vitals;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.infusiontracker.patient.PatientFacts;
import org.infusiontracker.record.InfusionConfig;
import org.infusiontracker.record.RecordStatus;
import org.infusiontracker.rules.FactHistory;
import org.infusiontracker.rules.Facts;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionFacts;
import org.infusiontracker.sql.NamedSql;
import org.infusiontracker.sql.PlainSql;

/**
 * The one place a session's readings are read, in the clinic's words: the readings <em>in force</em>
 * (versions neither amended nor retracted) in <em>clinical order</em> (when measured, then when
 * recorded), the <em>baseline</em>, the <em>latest values</em>, and the <em>picture</em>: the latest
 * value of each vital sign measured within a window ({@code infusion.news2.window} for NEWS2,
 * {@code infusion.discharge.freshness} for discharge).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Readings {

    private static final Sort CLINICAL_ORDER =
            Sort.by("measuredAt").and("recordedAt").and("id");
    private static final String IN_FORCE_OF_SESSION = "sessionId = ?1 and clinicId = ?2 and " + RecordStatus.IN_FORCE;
    /** The score of a picture with no NEWS2 parameter in it. */
    private static final NEWS2 NOTHING_SCORED = NEWS2.score(null, null, null, null, null, null, null);

    private final InfusionConfig config;
    private final PlainSql sql;

    Readings(InfusionConfig config, PlainSql sql) {
        this.config = config;
        this.sql = sql;
    }

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

    /**
     * The sessions of the clinic with a reading in force measured in {@code [from, to)}, with the
     * first such reading's time and their count, ordered by that time: one aggregate query.
     */
    public List<FactHistory.Span> spansMeasuredIn(String clinicId, Instant from, Instant to) {
        return FactHistory.Span.of(
                VitalReading.getEntityManager(), "VitalReading", "sessionId", "measuredAt", clinicId, from, to);
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
        return latestWhere(
                s,
                inForce,
                r -> !r.measuredAt.isAfter(at) && (s.dosingStartedAt == null || !r.isPreDose(s.dosingStartedAt)));
    }

    /** The latest value of each vital sign over the readings in force that {@code counted} keeps. */
    private static ReadingFacts latestWhere(
            InfusionSession s, List<VitalReading> inForce, Predicate<VitalReading> counted) {
        List<ReadingFacts> kept = new ArrayList<>();
        for (VitalReading r : inForce) {
            if (counted.test(r)) {
                kept.add(r.facts(s.dosingStartedAt, null));
            }
        }
        return ReadingFacts.latestOf(kept);
    }

    /**
     * What the readings say at {@code at} for the adverse-event and clock rules: the latest value of
     * each vital sign since dosing started ({@link #latestValues}) as {@code reading}, the baseline,
     * and the NEWS2 of the current picture at {@code at} ({@link #news2At}).
     */
    public Facts pictureAt(InfusionSession s, List<VitalReading> inForce, Instant at) {
        NEWS2 news2 = news2At(inForce, at, config.news2Window());
        return Facts.of()
                .with(ReadingFacts.READING, latestValues(s, inForce, at))
                .with(ReadingFacts.BASELINE, baselineFacts(s, inForce))
                .with(NEWS2.VARIABLE, news2 == null ? NOTHING_SCORED : news2);
    }

    /**
     * What the discharge rules see at {@code at}: as {@code reading} only the values measured since
     * dosing started and at most {@code infusion.discharge.freshness} before {@code at} (a value
     * measured exactly that long before counts), the latest of each; its NEWS2; the baseline. A
     * criterion whose value is older is absent, as if never measured.
     */
    public Facts freshAt(InfusionSession s, List<VitalReading> inForce, Instant at) {
        Instant from = at.minus(config.dischargeFreshness());
        if (s.dosingStartedAt != null && from.isBefore(s.dosingStartedAt)) {
            from = s.dosingStartedAt;
        }
        ReadingFacts fresh = valuesMeasuredIn(s, inForce, from, at);
        return Facts.of()
                .with(ReadingFacts.READING, fresh)
                .with(ReadingFacts.BASELINE, baselineFacts(s, inForce))
                .with(NEWS2.VARIABLE, fresh.news2());
    }

    private static ReadingFacts baselineFacts(InfusionSession s, List<VitalReading> inForce) {
        return baseline(s, inForce).map(b -> b.facts(s.dosingStartedAt, null)).orElse(null);
    }

    /** The latest value of each vital sign over the readings in force measured in {@code [from, to]}. */
    static ReadingFacts valuesMeasuredIn(InfusionSession s, List<VitalReading> inForce, Instant from, Instant to) {
        List<ReadingFacts> within = new ArrayList<>();
        for (int i = firstMeasuredFrom(inForce, from); i < inForce.size(); i++) {
            VitalReading r = inForce.get(i);
            if (r.measuredAt.isAfter(to)) {
                break;
            }
            within.add(r.facts(s.dosingStartedAt, null));
        }
        return ReadingFacts.latestOf(within);
    }

    /**
     * The facts a reading is judged on: the reading, the session's baseline and the reading before
     * it, the session at the time of measurement, the patient (null when no rule reads it) and the
     * NEWS2 of the picture as of the reading ({@link #news2Of}).
     */
    public static Facts judgedOn(
            InfusionSession s,
            VitalReading r,
            VitalReading baseline,
            VitalReading previous,
            PatientFacts patient,
            NEWS2 news2) {
        return Facts.of()
                .with(ReadingFacts.READING, r.facts(s.dosingStartedAt, null))
                .with(ReadingFacts.BASELINE, baseline == null ? null : baseline.facts(s.dosingStartedAt, null))
                .with(ReadingFacts.PREVIOUS, previous == null ? null : previous.facts(s.dosingStartedAt, null))
                .with(SessionFacts.VARIABLE, s.facts(r.measuredAt))
                .with(PatientFacts.VARIABLE, patient)
                .with(NEWS2.VARIABLE, news2);
    }

    /**
     * The latest value of each NEWS2 parameter over the readings in force of a session measured
     * from {@code since} and before a reading in clinical order, one index lookup each (the partial
     * index of final rows in clinical order), whatever the number of readings in the window.
     *
     * <p>Each lookup names the session, the window and the reading itself as parameters (not through
     * a common table of them), so that every plan, a generic one too, is an index range scan of the
     * one session: a generic plan made while the table was small joined such a table the other way
     * round and scanned every session's readings, for each reading recorded.
     */
    private static final String LATEST_OF = """
            (select v.%1$s from vital_reading v
             where v.session_id = cast(:session as uuid) and v.clinic_id = cast(:clinic as text) and v.status = 'FINAL'
               and v.measured_at >= cast(:since as timestamptz) and v.%1$s is not null
               and (v.measured_at, v.recorded_at, v.id)
                   < (cast(:measured as timestamptz), cast(:recorded as timestamptz), cast(:id as uuid))
             order by v.measured_at desc, v.recorded_at desc, v.id desc limit 1)""";

    private static final String LATEST_VALUES = String.join(
            ",\n       ",
            List.of("respiratory_rate", "spo2", "on_oxygen", "systolic", "heart_rate", "consciousness", "temperature_c")
                    .stream()
                    .map(LATEST_OF::formatted)
                    .toList());

    static final String PICTURE_BEFORE = "select " + LATEST_VALUES;

    /**
     * The NEWS2 of the picture as of reading {@code r}, read in one statement: the latest value of
     * each parameter over the readings in force measured at most {@code infusion.news2.window}
     * before it and before it in clinical order, then {@code r}'s own values (as
     * {@link #news2Of(VitalReading, List)} scores it from readings at hand). Its cost does not grow
     * with the readings in the window, which a bedside monitor fills quickly.
     */
    public NEWS2 news2Of(VitalReading r) {
        return sql.query(PICTURE.sql(), row -> pictureAsOf(row, r), PICTURE.values(lookupOf(null, r)))
                .get(0);
    }

    private static final NamedSql PICTURE = NamedSql.of(PICTURE_BEFORE);

    /** The parameters of the lookups around reading {@code r} of session {@code s} (null: no baseline asked for). */
    private Map<String, Object> lookupOf(InfusionSession s, VitalReading r) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("session", r.sessionId);
        parameters.put("clinic", r.clinicId);
        parameters.put("since", r.measuredAt.minus(config.news2Window()));
        parameters.put("measured", r.measuredAt);
        parameters.put("recorded", r.recordedAt);
        parameters.put("id", r.id);
        parameters.put("dosingStarted", s == null ? null : s.dosingStartedAt);
        return parameters;
    }

    /** The NEWS2 of the latest values before {@code r} (the row's first seven columns), then {@code r}'s own. */
    private static NEWS2 pictureAsOf(ResultSet row, VitalReading r) throws SQLException {
        VitalReading before = new VitalReading();
        before.respiratoryRate = shortOrNull(row, 1);
        before.spo2 = shortOrNull(row, 2);
        before.onOxygen = (Boolean) row.getObject(3);
        before.systolic = shortOrNull(row, 4);
        before.heartRate = shortOrNull(row, 5);
        String consciousness = row.getString(6);
        before.consciousness = consciousness == null ? null : Consciousness.valueOf(consciousness);
        before.temperatureC = row.getBigDecimal(7);
        Picture picture = new Picture();
        picture.add(before);
        picture.add(r);
        return picture.news2();
    }

    /**
     * What a reading just written is judged against, read in one round trip: the session's baseline
     * (its first reading in force in clinical order, measured before dosing started when it has: at
     * most two indexed rows whatever the session's length), the reading in force measured last before
     * it in clinical order (one recorded later at the same clinical time is not before it), and the
     * NEWS2 of the picture as of it ({@link #news2Of(VitalReading)}). The two readings come back as
     * plain values, not entities that the persistence context would check again at commit.
     */
    public record Neighbours(VitalReading baseline, VitalReading previous, NEWS2 news2) {}

    /** The columns of a neighbour that its facts need, in the order {@link #neighbour} reads them. */
    private static final String NEIGHBOUR_COLUMNS = String.join(
            ", ",
            List.of(
                    "id",
                    "measured_at",
                    "recorded_at",
                    "late_entry",
                    "systolic",
                    "diastolic",
                    "heart_rate",
                    "spo2",
                    "respiratory_rate",
                    "temperature_c",
                    "on_oxygen",
                    "sedation_moaas",
                    "dissociation_cadss",
                    "nausea",
                    "consciousness"));

    /** The reading rows a neighbour is read from: those in force of the session. */
    private static final String OF_SESSION =
            "from vital_reading v where v.session_id = cast(:session as uuid) and v.clinic_id = cast(:clinic as text)"
                    + " and v.status = 'FINAL'";

    private static final String NEIGHBOURS = """
            select %1$s,
                   b.*, pr.*
            from (select 1) one
            left join lateral (
                select %2$s %3$s %4$s
                order by v.measured_at, v.recorded_at, v.id limit 1) b on true
            left join lateral (
                select %2$s %3$s
                  and v.id <> cast(:id as uuid)
                  and (v.measured_at < cast(:measured as timestamptz)
                       or (v.measured_at = cast(:measured as timestamptz) and v.recorded_at < cast(:recorded as timestamptz)))
                order by v.measured_at desc, v.recorded_at desc limit 1) pr on true
            """;

    /** While the session is planned its baseline is its first reading; once dosing started, the first before it. */
    static final NamedSql NEIGHBOURS_PLANNED =
            NamedSql.of(NEIGHBOURS.formatted(LATEST_VALUES, NEIGHBOUR_COLUMNS, OF_SESSION, ""));

    static final NamedSql NEIGHBOURS_DOSED = NamedSql.of(NEIGHBOURS.formatted(
            LATEST_VALUES, NEIGHBOUR_COLUMNS, OF_SESSION, "and v.measured_at < cast(:dosingStarted as timestamptz)"));

    /** The baseline, the previous reading and the NEWS2 of a reading written in this transaction. */
    public Neighbours neighboursOf(InfusionSession s, VitalReading r) {
        NamedSql statement = s.dosingStartedAt == null ? NEIGHBOURS_PLANNED : NEIGHBOURS_DOSED;
        return sql.query(
                        statement.sql(),
                        row -> new Neighbours(neighbour(row, 8), neighbour(row, 8 + 15), pictureAsOf(row, r)),
                        statement.values(lookupOf(s, r)))
                .get(0);
    }

    /** The reading whose columns start at {@code first}, or null when the lateral join found none. */
    private static VitalReading neighbour(ResultSet row, int first) throws SQLException {
        Object id = row.getObject(first);
        if (id == null) {
            return null;
        }
        VitalReading v = new VitalReading();
        v.id = (UUID) id;
        v.measuredAt = row.getObject(first + 1, OffsetDateTime.class).toInstant();
        v.recordedAt = row.getObject(first + 2, OffsetDateTime.class).toInstant();
        v.lateEntry = row.getBoolean(first + 3);
        v.systolic = shortOrNull(row, first + 4);
        v.diastolic = shortOrNull(row, first + 5);
        v.heartRate = shortOrNull(row, first + 6);
        v.spo2 = shortOrNull(row, first + 7);
        v.respiratoryRate = shortOrNull(row, first + 8);
        v.temperatureC = row.getBigDecimal(first + 9);
        v.onOxygen = (Boolean) row.getObject(first + 10);
        v.sedationMoaas = shortOrNull(row, first + 11);
        v.dissociationCadss = shortOrNull(row, first + 12);
        v.nausea = shortOrNull(row, first + 13);
        String consciousness = row.getString(first + 14);
        v.consciousness = consciousness == null ? null : Consciousness.valueOf(consciousness);
        return v;
    }

    private static Short shortOrNull(ResultSet row, int column) throws SQLException {
        short value = row.getShort(column);
        return row.wasNull() ? null : value;
    }

    /** The NEWS2 of the picture as of reading {@code r}, from the session's readings in force at hand. */
    public NEWS2 news2Of(VitalReading r, List<VitalReading> inForce) {
        return news2Of(r, inForce, config.news2Window());
    }

    /**
     * The NEWS2 of the current picture at {@code at} (the readings in force at hand, in clinical
     * order), or null when none of them was measured within {@code infusion.news2.window} before it.
     */
    public NEWS2 news2At(List<VitalReading> inForce, Instant at) {
        return news2At(inForce, at, config.news2Window());
    }

    /**
     * The NEWS2 of the picture as of reading {@code r}: the latest value of each parameter over the
     * readings in force (in clinical order) measured at most {@code window} before {@code r} and not
     * after it in clinical order, then {@code r} itself, whose values therefore always count. Readings
     * measured before dosing started count like any other (the picture is the patient's); a reading
     * measured after {@code r}, or at the same time but recorded later, does not. {@code r} need not
     * be in force: an amended or retracted version scores its own values over the readings in force
     * before it, the picture it was part of.
     */
    static NEWS2 news2Of(VitalReading r, List<VitalReading> inForce, Duration window) {
        Picture picture = new Picture();
        for (int i = firstMeasuredFrom(inForce, r.measuredAt.minus(window)); i < inForce.size(); i++) {
            VitalReading other = inForce.get(i);
            if (other.measuredAt.isAfter(r.measuredAt)) {
                break;
            }
            if (!other.id.equals(r.id) && clinicallyBefore(other, r)) {
                picture.add(other);
            }
        }
        picture.add(r);
        return picture.news2();
    }

    /** The NEWS2 of the readings measured in {@code [at - window, at]}, or null when there are none. */
    static NEWS2 news2At(List<VitalReading> inForce, Instant at, Duration window) {
        Picture picture = new Picture();
        for (int i = firstMeasuredFrom(inForce, at.minus(window)); i < inForce.size(); i++) {
            VitalReading r = inForce.get(i);
            if (r.measuredAt.isAfter(at)) {
                break;
            }
            picture.add(r);
        }
        return picture.readings == 0 ? null : picture.news2();
    }

    /** Whether {@code a} comes before {@code b} in clinical order (measured, recorded, then id as the database sorts it). */
    private static boolean clinicallyBefore(VitalReading a, VitalReading b) {
        int byMeasured = a.measuredAt.compareTo(b.measuredAt);
        if (byMeasured != 0) {
            return byMeasured < 0;
        }
        int byRecorded = a.recordedAt.compareTo(b.recordedAt);
        return byRecorded != 0 ? byRecorded < 0 : a.id.toString().compareTo(b.id.toString()) < 0;
    }

    /** The index of the first reading measured at or after {@code from} in a list in clinical order. */
    private static int firstMeasuredFrom(List<VitalReading> inClinicalOrder, Instant from) {
        int low = 0;
        int high = inClinicalOrder.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (inClinicalOrder.get(mid).measuredAt.isBefore(from)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The latest value of each NEWS2 parameter over readings added in clinical order. */
    private static final class Picture {
        int readings;
        Short respiratoryRate;
        Short spo2;
        Boolean onOxygen;
        Short systolic;
        Short heartRate;
        Consciousness consciousness;
        BigDecimal temperatureC;

        void add(VitalReading r) {
            readings++;
            respiratoryRate = r.respiratoryRate != null ? r.respiratoryRate : respiratoryRate;
            spo2 = r.spo2 != null ? r.spo2 : spo2;
            onOxygen = r.onOxygen != null ? r.onOxygen : onOxygen;
            systolic = r.systolic != null ? r.systolic : systolic;
            heartRate = r.heartRate != null ? r.heartRate : heartRate;
            consciousness = r.consciousness != null ? r.consciousness : consciousness;
            temperatureC = r.temperatureC != null ? r.temperatureC : temperatureC;
        }

        NEWS2 news2() {
            return NEWS2.score(
                    integer(respiratoryRate),
                    integer(spo2),
                    onOxygen,
                    integer(systolic),
                    integer(heartRate),
                    consciousness == null ? null : consciousness.name(),
                    temperatureC);
        }

        private static Integer integer(Short value) {
            return value == null ? null : value.intValue();
        }
    }

    /**
     * What the readings say as dosing starts, for the dosing gate: the latest pre-dose value of each
     * vital sign as {@code reading}, its NEWS2, and the baseline.
     */
    public static Facts beforeDosing(InfusionSession s, List<VitalReading> inForce) {
        ReadingFacts latest = latestWhere(s, inForce, r -> r.isPreDose(s.dosingStartedAt));
        return Facts.of()
                .with(ReadingFacts.READING, latest)
                .with(ReadingFacts.BASELINE, baselineFacts(s, inForce))
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
