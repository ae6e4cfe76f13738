package org.infusiontracker.rules;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One backtest per clinic at a time, across every instance of the service: a PostgreSQL session
 * advisory lock per clinic (keyed by the schema and the clinic, so that two deployments sharing a
 * server do not block each other), held on a connection of its own for the whole run. The run's
 * reads use other connections, each for a short transaction; if the instance dies the connection
 * closes and PostgreSQL releases the lock.
 */
@ApplicationScoped
class BacktestLock {

    static final String TRY_LOCK =
            "select pg_try_advisory_lock(hashtextextended(current_schema() || ' backtest ' || ?, 0))";
    static final String UNLOCK =
            "select pg_advisory_unlock(hashtextextended(current_schema() || ' backtest ' || ?, 0))";

    /** A held lock; closing it releases the lock and gives its connection back. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource dataSource;

    BacktestLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the clinic's backtest lock without waiting. Call it outside a transaction, so that the
     * connection is not the transaction's.
     *
     * @return the held lock, or {@code null} when another backtest of the clinic holds it
     */
    Held tryLock(String clinicId) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!call(connection, TRY_LOCK, clinicId)) {
                connection.close();
                return null;
            }
            Connection held = connection;
            return () -> release(held, clinicId);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Could not take the backtest lock", e);
        }
    }

    private static void release(Connection connection, String clinicId) {
        try {
            call(connection, UNLOCK, clinicId);
        } catch (SQLException e) {
            // The connection is probably gone, and the lock with it; abort it so that the pool drops it.
            Log.warnf("Could not release the backtest lock of clinic %s: %s", clinicId, e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // Closed below.
            }
        } finally {
            closeQuietly(connection);
        }
    }

    private static boolean call(Connection connection, String sql, String clinicId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, clinicId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debugf("Closing the backtest lock's connection: %s", e.getMessage());
            }
        }
    }
}
