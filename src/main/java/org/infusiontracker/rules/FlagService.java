package org.infusiontracker.rules;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.Forbidden;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Page;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.sql.PlainSql;
import org.infusiontracker.sql.TimeOrderedIds;

/**
 * Writes, lists and acknowledges flags. Raising is an upsert against the unique index of open
 * flags, so that a repeat match counts an occurrence (and keeps the latest value) even when two
 * readings of one session arrive at once; a clock rule's flag is raised once per gap (see {@link #CLOCK}).
 */
@ApplicationScoped
@Transactional
public class FlagService {

    /** A rule that matched, with the value it matched on. */
    public record Match(RuleBook.ActiveRule rule, String matchedValue) {}

    private static final String RAISE = """
            insert into flag (id, clinic_id, session_id, rule_id, rule_code, rule_version, seed_table, seed_row,
                              severity, trigger, message, matched_value, reading_id, adverse_event_id, status,
                              occurrences, raised_at, last_matched_at, patient_id, assessment_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', 1, ?, ?, ?, ?)
            """;
    private static final String REPEAT = """
            on conflict (session_id, rule_code) where status = 'OPEN'
            do update set occurrences = flag.occurrences + 1, matched_value = excluded.matched_value,
                          last_matched_at = excluded.last_matched_at
            returning *
            """;
    /** As {@link #REPEAT}, for a flag of a patient without a session (one open per patient and rule). */
    private static final String REPEAT_ON_PATIENT = """
            on conflict (patient_id, rule_code) where status = 'OPEN' and session_id is null
            do update set occurrences = flag.occurrences + 1, matched_value = excluded.matched_value,
                          last_matched_at = excluded.last_matched_at
            returning *
            """;
    /** The severities whose open flags a discharge must not pass unseen. */
    public static final List<Severity> UNACKNOWLEDGED_BLOCKS = List.of(Severity.WARNING, Severity.CRITICAL);

    /**
     * A clock rule's match. A clock flag names its gap by its matched value (none: the whole
     * session). A gap that a clock flag of the session and rule already names, open or acknowledged,
     * is nothing; a new gap counts an occurrence on the rule's open flag and shows the new value; with
     * no open flag it is a new flag; the flag's row as written is answered. Two sweeps at once: the update checks the open flag's value again
     * once it holds the row, and the insert does nothing against either unique index (one open flag
     * per rule; one clock flag per gap).
     */
    private static final String CLOCK = """
            with m (id, clinic_id, session_id, rule_id, rule_code, rule_version, seed_table, seed_row, severity,
                    trigger, message, matched_value, reading_id, adverse_event_id, raised_at, last_matched_at) as (
                values (?::uuid, ?::text, ?::uuid, ?::uuid, ?::text, ?::integer, ?::text, ?::text, ?::text, ?::text,
                        ?::text, ?::text, ?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz)
            ), same_gap as (
                select 1 from flag f join m on f.session_id = m.session_id and f.rule_code = m.rule_code
                where f.clinic_id = m.clinic_id and f.trigger = 'CLOCK'
                  and coalesce(f.matched_value, '') = coalesce(m.matched_value, '')
            ), next_gap as (
                update flag f set occurrences = f.occurrences + 1, matched_value = m.matched_value,
                                  last_matched_at = m.last_matched_at
                from m
                where f.session_id = m.session_id and f.rule_code = m.rule_code and f.clinic_id = m.clinic_id
                  and f.status = 'OPEN' and coalesce(f.matched_value, '') <> coalesce(m.matched_value, '')
                  and not exists (select 1 from same_gap)
                returning f.*
            ), new_flag as (
                insert into flag (id, clinic_id, session_id, rule_id, rule_code, rule_version, seed_table, seed_row,
                                  severity, trigger, message, matched_value, reading_id, adverse_event_id, status,
                                  occurrences, raised_at, last_matched_at)
                select id, clinic_id, session_id, rule_id, rule_code, rule_version, seed_table, seed_row, severity,
                       trigger, message, matched_value, reading_id, adverse_event_id, 'OPEN', 1, raised_at,
                       last_matched_at
                from m
                where not exists (select 1 from same_gap) and not exists (select 1 from next_gap)
                on conflict do nothing
                returning *
            )
            select * from next_gap union all select * from new_flag
            """;

    private final EntityManager em;
    private final PlainSql plainSql;
    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final AuditLog audit;
    private final EventLog events;

    FlagService(
            EntityManager em,
            PlainSql plainSql,
            ClinicContext clinic,
            ClinicalTime time,
            AuditLog audit,
            EventLog events) {
        this.plainSql = plainSql;
        this.events = events;
        this.audit = audit;
        this.em = em;
        this.clinic = clinic;
        this.time = time;
    }

    /**
     * Writes the matches as flags in the current transaction and returns them as they now stand,
     * each statement answering the flag's row as written (a clock match whose gap was flagged before
     * answers none).
     */
    public List<FlagView> raise(List<Match> matches, RaisedBy by) {
        if (matches.isEmpty()) {
            return List.of();
        }
        em.flush();
        Instant at = time.now();
        Map<UUID, Flag> raised = new LinkedHashMap<>();
        for (Match match : matches) {
            RuleBook.ActiveRule rule = match.rule();
            List<Object> row = new ArrayList<>(Arrays.asList(
                    TimeOrderedIds.next(),
                    by.clinicId(),
                    by.sessionId(),
                    rule.id(),
                    rule.code(),
                    rule.version(),
                    rule.table().name(),
                    rule.row(),
                    rule.severity().name(),
                    rule.trigger().name(),
                    rule.message(),
                    match.matchedValue(),
                    by.readingId(),
                    by.eventId(),
                    at,
                    at));
            String sql = CLOCK;
            if (rule.trigger() != Trigger.CLOCK) {
                sql = RAISE + (by.sessionId() == null ? REPEAT_ON_PATIENT : REPEAT);
                row.add(by.patientId());
                row.add(by.assessmentId());
            }
            for (Flag f : plainSql.query(sql, Flag::read, row.toArray())) {
                raised.put(f.id, f);
            }
        }
        // The statements went around the persistence context: drop what it may hold of these rows,
        // so that a later query of this transaction reads them as they now stand.
        Session session = em.unwrap(Session.class);
        raised.keySet().forEach(id -> session.detach(session.getReference(Flag.class, id)));
        List<FlagView> views = raised.values().stream().map(FlagView::of).toList();
        views.forEach(view -> events.publish(by.clinicId(), EventType.FLAG_RAISED, view));
        return views;
    }

    public List<FlagView> ofSession(UUID sessionId) {
        audit.read("flags", sessionId);
        return Flag.<Flag>find(
                        "sessionId = ?1 and clinicId = ?2", Sort.by("raisedAt").and("id"), sessionId, clinic.clinicId())
                .stream()
                .map(FlagView::of)
                .toList();
    }

    /** The session's flags, oldest first, without an audit row of their own (the caller's read has one). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FlagView> allOfSession(UUID sessionId, String clinicId) {
        return Flag.<Flag>find(
                        "sessionId = ?1 and clinicId = ?2", Sort.by("raisedAt").and("id"), sessionId, clinicId)
                .stream()
                .map(FlagView::of)
                .toList();
    }

    /** How many WARNING and CRITICAL flags of the session are still open: each blocks discharge. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long unacknowledged(UUID sessionId, String clinicId) {
        return Flag.count(
                "sessionId = ?1 and clinicId = ?2 and status = ?3 and severity in ?4",
                sessionId,
                clinicId,
                FlagStatus.OPEN,
                UNACKNOWLEDGED_BLOCKS);
    }

    /**
     * Of each session, the open flags and every clock flag (the gaps already flagged), in one query:
     * what the board counts and what it need not forecast again.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, List<Flag>> openOrClockOf(List<UUID> sessionIds, String clinicId) {
        Map<UUID, List<Flag>> bySession = new HashMap<>();
        Flag.<Flag>list(
                        "sessionId in ?1 and clinicId = ?2 and (status = ?3 or trigger = ?4)",
                        sessionIds,
                        clinicId,
                        FlagStatus.OPEN,
                        Trigger.CLOCK)
                .forEach(f -> bySession
                        .computeIfAbsent(f.sessionId, k -> new ArrayList<>())
                        .add(f));
        return bySession;
    }

    /** The clinic's open flags of patients without a session, escalated first, then newest. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FlagView> openOfPatients(String clinicId) {
        return Flag.<Flag>find(
                        "sessionId is null and clinicId = ?1 and status = ?2",
                        Sort.descending("escalations").and("raisedAt", Sort.Direction.Descending),
                        clinicId,
                        FlagStatus.OPEN)
                .stream()
                .map(FlagView::of)
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FlagView> openOfSession(UUID sessionId) {
        return Flag.<Flag>find(
                        "sessionId = ?1 and clinicId = ?2 and status = ?3",
                        Sort.by("raisedAt").and("id"),
                        sessionId,
                        clinic.clinicId(),
                        FlagStatus.OPEN)
                .stream()
                .map(FlagView::of)
                .toList();
    }

    public Page<FlagView> list(List<FlagStatus> statuses, List<Severity> severities, int page, int size) {
        audit.write("SEARCH", "flag", "*", null);
        StringBuilder where = new StringBuilder("clinicId = :clinic");
        Map<String, Object> params = new HashMap<>();
        params.put("clinic", clinic.clinicId());
        if (!statuses.isEmpty()) {
            where.append(" and status in :statuses");
            params.put("statuses", statuses);
        }
        if (!severities.isEmpty()) {
            where.append(" and severity in :severities");
            params.put("severities", severities);
        }
        var query = Flag.<Flag>find(
                where.toString(), Sort.descending("raisedAt").and("id", Sort.Direction.Descending), params);
        List<Flag> items = query.page(page, size).list();
        return new Page<>(items, page, size, query.count()).map(FlagView::of);
    }

    /** An open CRITICAL flag whose next escalation step is due, as the escalation job found it. */
    public record Due(UUID id, String clinicId, int escalations) {}

    /**
     * Across clinics, the open CRITICAL flags due for an escalation step at {@code now}: never
     * escalated and raised at least {@code after} ago, or escalated fewer than {@code max} times and
     * last at least {@code repeat} ago. Oldest first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Due> dueForEscalation(Instant now, Duration after, Duration repeat, int max) {
        return plainSql.query(
                """
                select id, clinic_id, escalations from flag
                where status = 'OPEN' and severity = 'CRITICAL' and escalations < ?
                  and ((escalations = 0 and raised_at <= ?) or (escalations > 0 and escalated_at <= ?))
                order by raised_at, id
                """,
                row -> new Due(row.getObject(1, UUID.class), row.getString(2), row.getInt(3)),
                max,
                now.minus(after),
                now.minus(repeat));
    }

    /**
     * Takes the escalation step after {@code due.escalations()} if nobody took it yet and the flag is
     * still open: a conditional update, so that of several instances stepping at once exactly one
     * succeeds (the others wait for its row lock, then find the count moved on). The step is
     * published as {@code flag.escalated}, which also reaches the clinic's webhooks.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<FlagView> escalate(Due due, Instant at) {
        int stepped = plainSql.update("""
                update flag set escalations = escalations + 1, escalated_at = ?
                where id = ? and clinic_id = ? and status = 'OPEN' and escalations = ?
                """, at, due.id(), due.clinicId(), due.escalations());
        if (stepped == 0) {
            return Optional.empty();
        }
        Session session = em.unwrap(Session.class);
        session.detach(session.getReference(Flag.class, due.id()));
        Flag f = Flag.<Flag>find("id = ?1 and clinicId = ?2", due.id(), due.clinicId())
                .firstResult();
        FlagView view = FlagView.of(f);
        events.publish(f.clinicId, EventType.FLAG_ESCALATED, view);
        return Optional.of(view);
    }

    /** Marks a flag seen, with who and a note. A flag is acknowledged once (409 after that). */
    public FlagView acknowledge(UUID id, String note) {
        Flag f = Flag.<Flag>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Flag", id));
        if (f.severity == Severity.CRITICAL && !clinic.isPhysician()) {
            throw new Forbidden("Only a physician may acknowledge a CRITICAL flag");
        }
        if (f.status == FlagStatus.ACKNOWLEDGED) {
            throw new Conflict(
                    "Already acknowledged",
                    "Flag " + id + " was acknowledged at " + f.acknowledgedAt + " by " + f.acknowledgedBy);
        }
        f.status = FlagStatus.ACKNOWLEDGED;
        f.acknowledgedAt = time.now();
        f.acknowledgedBy = clinic.actor();
        f.acknowledgementNote = note.strip();
        audit.write("ACKNOWLEDGE", "flag", f.id, Map.of("severity", f.severity, "ruleCode", f.ruleCode));
        FlagView view = FlagView.of(f);
        events.publish(f.clinicId, EventType.FLAG_ACKNOWLEDGED, view);
        return view;
    }
}
