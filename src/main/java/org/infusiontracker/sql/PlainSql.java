package org.infusiontracker.sql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.jboss.logging.Logger;

/**
 * Plain SQL statements run on the current transaction's connection, for the tables that are
 * written as logs rather than mapped as entities (audit trail, stream events, idempotency keys,
 * flag upserts). Going around Hibernate's native queries spares, per statement, the flush of the
 * whole persistence context that Hibernate makes before any native query (it cannot tell which
 * tables the SQL touches), the query object and its parameter bookkeeping; that was 5 to 6 % of
 * the work of recording a reading. Nothing is flushed here: a caller whose statement depends on a
 * pending entity write flushes first.
 *
 * <p>Callers run in a transaction (their own {@code MANDATORY} says so). Parameters are positional
 * ({@code ?}); an {@link Instant} is bound as a time with offset (UTC), {@code null} as an untyped
 * null. A failure is Hibernate's translation of the {@link SQLException} (a constraint violation,
 * a lost connection), as for every other statement.
 * With the category {@code org.infusiontracker.sql} at DEBUG each statement is logged, which is
 * how {@code bench/capture-sql.sh} sees them beside Hibernate's own.
 */
@ApplicationScoped
public class PlainSql {

    private static final Logger LOG = Logger.getLogger("org.infusiontracker.sql");

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transaction;

    PlainSql(EntityManager em, TransactionSynchronizationRegistry transaction) {
        this.em = em;
        this.transaction = transaction;
    }

    /**
     * Runs a write when the transaction commits, after Hibernate's flush, together with the other
     * writes so deferred, in the order given and in one round trip to the database (PostgreSQL's
     * extended protocol takes several statements before one Sync). For rows that nothing reads in
     * the same transaction: the audit trail, stream events, the answer under an idempotency key.
     * Like everything else in the transaction they commit or roll back with it; a failure fails
     * the commit.
     */
    public void atCommit(String sql, Object... parameters) {
        AtCommit pending = (AtCommit) transaction.getResource(AtCommit.class);
        if (pending == null) {
            pending = new AtCommit();
            transaction.putResource(AtCommit.class, pending);
            em.unwrap(SharedSessionContractImplementor.class)
                    .getTransactionCompletionCallbacks()
                    .registerCallback(pending);
        }
        pending.statements.add(sql.strip());
        pending.parameters.addAll(Arrays.asList(parameters));
    }

    /** The writes deferred to the commit of one transaction. */
    private static final class AtCommit implements BeforeCompletionCallback {
        final List<String> statements = new ArrayList<>(4);
        final List<Object> parameters = new ArrayList<>(32);

        @Override
        public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
            if (LOG.isDebugEnabled()) {
                statements.forEach(sql -> LOG.debug("at commit: " + oneLine(sql)));
            }
            session.doWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(String.join(";\n", statements))) {
                    bind(statement, parameters.toArray());
                    statement.execute();
                    while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                        // Every statement's result is read, so that a failing one fails here.
                    }
                }
            });
        }
    }

    /** Runs an insert, update or delete; returns the number of rows it changed. */
    public int update(String sql, Object... parameters) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    /** Runs a statement that answers rows (a select, or a write with {@code returning}). */
    public <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters);
                    ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(row.read(rows));
                }
                return result;
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        if (LOG.isDebugEnabled()) {
            LOG.debug(oneLine(sql));
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, parameters);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                statement.setNull(i + 1, Types.OTHER);
            } else if (value instanceof Instant at) {
                statement.setObject(i + 1, at.atOffset(ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
