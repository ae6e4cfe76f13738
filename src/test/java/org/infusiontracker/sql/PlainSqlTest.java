package org.infusiontracker.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Writes deferred to the commit are sent then, in order, and share the transaction's fate. */
@QuarkusTest
class PlainSqlTest {

    private static final String ROW = """
            insert into audit_event (at, clinic_id, actor, roles, action, entity, entity_id)
            values (?, 'test-clinic', 'plain.sql.test', 'nurse', ?, 'reading', ?)""";

    @Inject
    PlainSql sql;

    @Inject
    UserTransaction tx;

    /** The actions of the rows for {@code entityId} this transaction sees, oldest first. */
    private List<String> actionsSeen(String entityId) {
        return sql.query(
                "select action from audit_event where clinic_id = 'test-clinic' and entity_id = ? order by id",
                row -> row.getString(1),
                entityId);
    }

    /** The same, in a transaction of its own: what was committed. */
    private List<String> actionsOf(String entityId) throws Exception {
        tx.begin();
        try {
            return actionsSeen(entityId);
        } finally {
            tx.commit();
        }
    }

    @Test
    void deferredWritesAreSentAtCommitInTheOrderGiven() throws Exception {
        String id = UUID.randomUUID().toString();
        tx.begin();
        sql.atCommit(ROW, Instant.now(), "FIRST", id);
        sql.atCommit(ROW, Instant.now(), "SECOND", id);
        assertEquals(List.of(), actionsSeen(id), "nothing is sent before the commit");
        tx.commit();
        assertEquals(List.of("FIRST", "SECOND"), actionsOf(id));
    }

    @Test
    void aRollbackSendsNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        tx.begin();
        sql.atCommit(ROW, Instant.now(), "NEVER", id);
        tx.rollback();
        assertEquals(List.of(), actionsOf(id));
    }

    @Test
    void aFailingDeferredWriteFailsTheCommitAndTakesTheTransactionWithIt() throws Exception {
        String id = UUID.randomUUID().toString();
        tx.begin();
        sql.update(ROW, Instant.now(), "WRITTEN_AT_ONCE", id);
        sql.atCommit(ROW, Instant.now(), "not an action", id);
        Exception failure = assertThrows(Exception.class, tx::commit);
        boolean sqlCause = false;
        for (Throwable t = failure; t != null && !sqlCause; t = t.getCause() == t ? null : t.getCause()) {
            sqlCause = t instanceof SQLException e && "23514".equals(e.getSQLState());
        }
        assertTrue(sqlCause, () -> "the check violation is in the failure's causes: " + failure);
        assertEquals(List.of(), actionsOf(id));
    }

    private static final PlainSql.Rows AUDIT_ROWS = new PlainSql.Rows(
            "audit_event",
            List.of("at", "clinic_id", "actor", "roles", "action", "entity", "entity_id", "detail"),
            List.of("timestamptz", "text", "text", "text", "text", "text", "text", "jsonb"));

    @Test
    void rowsAddedAtCommitAreWrittenInTheOrderGivenWithTheirTypes() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-12-01T01:02:03.456789Z");
        tx.begin();
        sql.insertAtCommit(
                AUDIT_ROWS, at, "test-clinic", "plain.sql.test", "nurse", "FIRST", "reading", id, "{\"k\": 1}");
        sql.atCommit(ROW, at, "PLAIN", id);
        sql.insertAtCommit(
                AUDIT_ROWS, at.plusSeconds(1), "test-clinic", "plain.sql.test", "nurse", "SECOND", "reading", id, null);
        assertEquals(List.of(), actionsSeen(id), "nothing is sent before the commit");
        tx.commit();
        tx.begin();
        try {
            List<String> rows = sql.query("""
                    select action || ' ' || (extract(epoch from at) * 1000000)::bigint || ' ' || coalesce(detail ->> 'k', 'none')
                    from audit_event
                    where clinic_id = 'test-clinic' and entity_id = ? and action <> 'PLAIN' order by id""", row -> row.getString(1), id);
            assertEquals(List.of("FIRST 1796086923456789 1", "SECOND 1796086924456789 none"), rows);
        } finally {
            tx.commit();
        }
        assertTrue(actionsOf(id).contains("PLAIN"));
    }

    @Test
    void aRowAddedAtCommitThatTheTableRefusesFailsTheCommit() throws Exception {
        String id = UUID.randomUUID().toString();
        tx.begin();
        sql.insertAtCommit(
                AUDIT_ROWS, Instant.now(), "test-clinic", "plain.sql.test", "nurse", "KEPT", "reading", id, null);
        sql.insertAtCommit(
                AUDIT_ROWS,
                Instant.now(),
                "test-clinic",
                "plain.sql.test",
                "nurse",
                "not an action",
                "reading",
                id,
                null);
        assertThrows(Exception.class, tx::commit);
        assertEquals(List.of(), actionsOf(id));
    }
}
