package org.infusiontracker.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.RuleApi.EvaluationErrors;

/**
 * Rules that could not be evaluated on a real record: counted by the metric
 * {@value #METRIC} (tagged by rule code and trigger), logged once per rule version, and stored in
 * {@code rule_evaluation_error} for {@code GET /rules/{code}}.
 *
 * <p>The rows are written by one background thread, in batches, on a connection of their own: an
 * error must count even when the request that met it is refused and rolls back (a 409), and
 * writing it must neither hold a second pooled connection while the request holds its first nor
 * wait on the request's locks. So a row is visible a few milliseconds after the answer, and rows
 * not yet written when the instance dies are lost (the metric and the log have counted them).
 */
@Singleton
public class RuleErrors {

    /** The metric: Prometheus shows it as {@code infusion_rule_evaluation_errors_total}. */
    public static final String METRIC = "infusion.rule.evaluation.errors";
    /** The longest message kept (CEL's messages are one line; the column allows this much). */
    static final int MESSAGE_MAX = 500;

    private static final Duration WINDOW = Duration.ofHours(24);
    /** Rows waiting for the writer; beyond this many, new ones are only counted and logged. */
    private static final int PENDING_MAX = 10_000;

    private static final int BATCH = 500;

    private static final String INSERT = """
            insert into rule_evaluation_error (clinic_id, rule_id, rule_code, rule_version, trigger, session_id,
                                               message, occurred_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String LAST_DAY = """
            select count(*) over (), rule_version, message, occurred_at
            from rule_evaluation_error
            where clinic_id = ?1 and rule_code = ?2 and occurred_at >= ?3
            order by occurred_at desc, id desc
            limit 1
            """;

    /** A rule that could not be evaluated, with CEL's message. */
    public record Failure(RuleBook.ActiveRule rule, String message) {}

    private record Row(
            String clinicId,
            UUID ruleId,
            String code,
            int version,
            Trigger trigger,
            UUID sessionId,
            String message,
            Instant at) {}

    private final MeterRegistry metrics;
    private final DataSource dataSource;
    private final EntityManager em;
    private final ClinicalTime time;
    private final BlockingQueue<Row> pending = new LinkedBlockingQueue<>(PENDING_MAX);
    /** One thread, so that rows are written in order; a full queue of drains drops a drain, not a row. */
    private final ExecutorService writer = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(1_000),
            runnable -> {
                Thread thread = new Thread(runnable, "rule-errors");
                thread.setDaemon(true);
                return thread;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    /** The rule versions already logged: a broken rule fails on every record, the log says so once. */
    private final Set<UUID> logged = ConcurrentHashMap.newKeySet();

    RuleErrors(MeterRegistry metrics, DataSource dataSource, EntityManager em, ClinicalTime time) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.em = em;
        this.time = time;
    }

    /** Counts, logs and queues for writing the rules that could not be evaluated on a record of the session. */
    public void record(RaisedBy by, List<Failure> failures) {
        Instant at = time.now();
        for (Failure failure : failures) {
            RuleBook.ActiveRule rule = failure.rule();
            counter(rule).increment();
            if (logged.add(rule.id())) {
                Log.warnf(
                        "Rule %s v%d could not be evaluated (clinic %s, session %s, %s) and counts as no match: %s "
                                + "Further errors of this version are counted (%s, GET /api/v1/rules/%s), not logged",
                        rule.code(),
                        rule.version(),
                        by.clinicId(),
                        by.sessionId(),
                        rule.trigger(),
                        failure.message(),
                        "infusion_rule_evaluation_errors_total",
                        rule.code());
            }
            Row row = new Row(
                    by.clinicId(),
                    rule.id(),
                    rule.code(),
                    rule.version(),
                    rule.trigger(),
                    by.sessionId(),
                    shortened(failure.message(), MESSAGE_MAX),
                    at);
            if (!pending.offer(row)) {
                Log.errorf(
                        "Rule error of %s v%d not stored: %d are waiting to be written",
                        rule.code(), rule.version(), PENDING_MAX);
            }
        }
        writer.execute(this::drain);
    }

    /** The clinic's errors of the rule code in the 24 hours before now, any version. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EvaluationErrors lastDay(String clinicId, String code) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(LAST_DAY)
                .setParameter(1, clinicId)
                .setParameter(2, code)
                .setParameter(3, time.now().minus(WINDOW).atOffset(ZoneOffset.UTC))
                .getResultList();
        if (rows.isEmpty()) {
            return EvaluationErrors.NONE;
        }
        Object[] last = rows.get(0);
        return new EvaluationErrors(
                ((Number) last[0]).longValue(), ((Number) last[1]).intValue(), (String) last[2], instant(last[3]));
    }

    /** Waits until every error recorded so far is written (for tests: the writer keeps order). */
    void awaitWritten() throws InterruptedException, ExecutionException, TimeoutException {
        writer.submit(this::drain).get(10, TimeUnit.SECONDS);
    }

    /** CEL's message cut to {@code max} characters, never empty. */
    static String shortened(String message, int max) {
        String text = message == null || message.isBlank() ? "evaluation error" : message.strip();
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private Counter counter(RuleBook.ActiveRule rule) {
        return Counter.builder(METRIC)
                .description("Rules that could not be evaluated on a record (each counts as no match)")
                .tag("rule", rule.code())
                .tag("trigger", rule.trigger().name())
                .register(metrics);
    }

    private void drain() {
        List<Row> batch = new ArrayList<>();
        while (pending.drainTo(batch, BATCH) > 0) {
            try {
                write(batch);
            } catch (SQLException | RuntimeException e) {
                Log.errorf(e, "%d rule error(s) could not be stored", batch.size());
            }
            batch.clear();
        }
    }

    private void write(List<Row> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Row row : rows) {
                insert.setString(1, row.clinicId());
                insert.setObject(2, row.ruleId());
                insert.setString(3, row.code());
                insert.setInt(4, row.version());
                insert.setString(5, row.trigger().name());
                insert.setObject(6, row.sessionId());
                insert.setString(7, row.message());
                insert.setObject(8, row.at().atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant at) {
            return at;
        }
        if (value instanceof OffsetDateTime at) {
            return at.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.execute(this::drain);
        writer.shutdown();
        if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
            Log.warn("Rule errors not all stored at shutdown");
        }
    }
}
