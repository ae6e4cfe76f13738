package org.infusiontracker.sql;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        AtCommit pending = pending();
        pending.statements.add(sql.strip());
        pending.parameters.addAll(Arrays.asList(parameters));
    }

    /**
     * A table that rows are added to at commit ({@link #insertAtCommit}): its columns and their
     * PostgreSQL types. All the rows a transaction adds to it go in one statement whose text does
     * not depend on their number, so that PostgreSQL plans it once per connection (prepared), not
     * once per row and transaction.
     */
    public record Rows(String table, List<String> columns, List<String> types) {

        public Rows {
            if (columns.size() != types.size() || columns.isEmpty()) {
                throw new IllegalArgumentException("one type for each column of " + table);
            }
            columns = List.copyOf(columns);
            types = List.copyOf(types);
        }

        /**
         * {@code insert into t (a, b) select r.a::ta, r.b::tb from unnest(?::text[], ?::text[]) with
         * ordinality r (a, b, n) order by n}: each column comes as an array of texts, cast to its
         * type; the rows go in the order given (a serial column numbers them in that order).
         */
        String sql() {
            List<String> casts = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                casts.add("r." + columns.get(i) + "::" + types.get(i));
            }
            return "insert into " + table + " (" + String.join(", ", columns) + ") select "
                    + String.join(", ", casts) + " from unnest("
                    + String.join(", ", Collections.nCopies(columns.size(), "?::text[]"))
                    + ") with ordinality r (" + String.join(", ", columns) + ", n) order by r.n";
        }

        /** {@code insert into t (a, b) values (cast(? as ta), cast(? as tb))}: one row, bound as is. */
        String sqlOfOne() {
            List<String> casts = new ArrayList<>();
            for (String type : types) {
                casts.add("cast(? as " + type + ")");
            }
            return "insert into " + table + " (" + String.join(", ", columns) + ") values (" + String.join(", ", casts)
                    + ")";
        }
    }

    /**
     * Inserts one row into {@code rows}'s table now (not at commit), each value cast to its
     * column's type; returns the number of rows inserted.
     */
    public int insert(Rows rows, Object... values) {
        return update(rows.sqlOfOne(), values);
    }

    /**
     * Adds a row to {@code rows}'s table when the transaction commits, in the one round trip of
     * {@link #atCommit}: a value is written as text and cast to its column's type ({@code null}
     * stays null, an {@link Instant} is written in ISO-8601 with its offset).
     */
    public void insertAtCommit(Rows rows, Object... values) {
        if (values.length != rows.columns().size()) {
            throw new IllegalArgumentException(
                    rows.table() + " takes " + rows.columns().size() + " values, not " + values.length);
        }
        String[] row = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = values[i] == null ? null : values[i].toString();
        }
        pending().inserts.computeIfAbsent(rows, r -> new ArrayList<>()).add(row);
    }

    private AtCommit pending() {
        AtCommit pending = (AtCommit) transaction.getResource(AtCommit.class);
        if (pending == null) {
            pending = new AtCommit();
            transaction.putResource(AtCommit.class, pending);
            em.unwrap(SharedSessionContractImplementor.class)
                    .getTransactionCompletionCallbacks()
                    .registerCallback(pending);
        }
        return pending;
    }

    /** The writes deferred to the commit of one transaction. */
    private static final class AtCommit implements BeforeCompletionCallback {
        final Map<Rows, List<String[]>> inserts = new LinkedHashMap<>(4);
        final List<String> statements = new ArrayList<>(4);
        final List<Object> parameters = new ArrayList<>(32);

        @Override
        public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
            List<String> sql = new ArrayList<>(inserts.size() + statements.size());
            inserts.keySet().forEach(rows -> sql.add(rows.sql()));
            sql.addAll(statements);
            if (LOG.isDebugEnabled()) {
                sql.forEach(statement -> LOG.debug("at commit: " + oneLine(statement)));
            }
            session.doWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(String.join(";\n", sql))) {
                    int index = 0;
                    for (Map.Entry<Rows, List<String[]>> table : inserts.entrySet()) {
                        List<String[]> rows = table.getValue();
                        for (int column = 0; column < table.getKey().columns().size(); column++) {
                            String[] values = new String[rows.size()];
                            for (int r = 0; r < rows.size(); r++) {
                                values[r] = rows.get(r)[column];
                            }
                            statement.setArray(++index, connection.createArrayOf("text", values));
                        }
                    }
                    bind(statement, index, parameters.toArray());
                    statement.execute();
                    while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                        // Every statement's result is read, so that a failing one fails here.
                    }
                }
            });
        }
    }

    /** A {@code timestamptz} column of a row as an instant; null stays null. */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** The same by the column's name. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /**
     * The retention jobs' delete: the rows of {@code table} whose {@code timeColumn} (indexed) is
     * before {@code cutoff}, {@code batch} at a time, each batch in a transaction of its own (so a
     * large backlog never holds one long transaction, nor many rows locked at once), until a batch
     * finds fewer; returns how many. Not in the caller's transaction: run it outside one. Two
     * instances deleting the same rows do no harm. {@code table} and {@code timeColumn} are the
     * caller's constants, never input.
     */
    public int deleteBefore(String table, String timeColumn, Instant cutoff, int batch) {
        String delete = "delete from %1$s where ctid = any (array(select ctid from %1$s where %2$s < ? limit ?))"
                .formatted(table, timeColumn);
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> update(delete, cutoff, batch));
            total += deleted;
        } while (deleted == batch);
        return total;
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
            bind(statement, 0, parameters);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    /** Binds the parameters after the first {@code before} ones. */
    private static void bind(PreparedStatement statement, int before, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            int index = before + i + 1;
            if (value == null) {
                statement.setNull(index, Types.OTHER);
            } else if (value instanceof Instant at) {
                statement.setObject(index, at.atOffset(ZoneOffset.UTC));
            } else {
                statement.setObject(index, value);
            }
        }
    }

    private static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
