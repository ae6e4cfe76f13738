package org.infusiontracker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot be reached is the server's temporary trouble, answered 503 with
 * Retry-After; bench/db-outage.sh shows it against a real PostgreSQL restart.
 */
class DatabaseUnavailableTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aConnectionFailureDeepInTheChainIs503WithRetryAfter() {
        Throwable failure = new PersistenceException(
                "could not execute statement",
                new JDBCConnectionException(
                        "could not prepare statement",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        Response answer = mappers.unexpected(failure, null);
        assertEquals(503, answer.getStatus());
        assertEquals("5", answer.getHeaderString("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, answer.getMediaType().toString());
    }

    @Test
    void shutdownAndStartupAndAnEmptyPoolCountAsUnavailable() {
        assertTrue(ProblemMappers.databaseUnavailable(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(ProblemMappers.databaseUnavailable(new SQLException("the database system is starting up", "57P03")));
        assertTrue(ProblemMappers.databaseUnavailable(
                new RuntimeException(new SQLException("Acquisition timeout while waiting for new connection"))));
    }

    @Test
    void aConstraintBrokenByAWriteSentAtCommitIsAnsweredAsItselfNotAs500() {
        Throwable commitFailed = new jakarta.transaction.RollbackException("commit failed");
        commitFailed.initCause(new org.hibernate.exception.ConstraintViolationException(
                "could not execute", new SQLException("duplicate key", "23505"), "idempotency_key_pkey"));
        assertEquals(409, mappers.unexpected(commitFailed, null).getStatus());
    }

    @Test
    void otherFailuresStayServerErrors() {
        assertFalse(ProblemMappers.databaseUnavailable(new SQLException("division by zero", "22012")));
        assertFalse(ProblemMappers.databaseUnavailable(new IllegalStateException("bug")));
        assertEquals(
                500, mappers.unexpected(new IllegalStateException("bug"), null).getStatus());
    }
}
