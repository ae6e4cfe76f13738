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
}
