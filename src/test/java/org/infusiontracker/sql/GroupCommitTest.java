package org.infusiontracker.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.infusiontracker.SchemaOwner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GroupCommitTest {

    @Inject
    GroupCommit group;

    @Inject
    PlainSql sql;

    @BeforeEach
    void probeTable() throws SQLException {
        try (Connection owner = SchemaOwner.connect();
                Statement ddl = owner.createStatement()) {
            ddl.execute("create table if not exists group_commit_probe (n int primary key, tx bigint not null)");
            ddl.execute("truncate group_commit_probe");
            ddl.execute("grant select, insert on group_commit_probe to public");
        }
    }

    @Test
    void unitsQueuedTogetherShareOneCommit() throws Exception {
        Set<Long> transactions = queueFortyWhileWritersAreBusy(-1);
        assertTrue(transactions.size() < 40, "no two units shared a transaction");
    }

    @Test
    void aFailingUnitIsRefusedAloneAndTheOthersOfItsGroupAreKept() throws Exception {
        queueFortyWhileWritersAreBusy(13);
    }

    /** Queues units 0 to 39 while both writers are held, unit {@code failing} throwing; the transactions used. */
    private Set<Long> queueFortyWhileWritersAreBusy(int failing) throws Exception {
        // Both writers are held on a unit each, so the units queued meanwhile meet in groups.
        // One at a time, so that each is a writer's group of one.
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> blockers = new ArrayList<>();
        for (int n = 1000; n < 1002; n++) {
            int number = n;
            CountDownLatch held = new CountDownLatch(1);
            blockers.add(group.submit(() -> {
                        held.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return insert(number);
                    })
                    .toCompletableFuture());
            assertTrue(held.await(10, TimeUnit.SECONDS));
        }
        List<CompletableFuture<Boolean>> visibleAtAnswer = new ArrayList<>();
        List<CompletableFuture<Integer>> units = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            int number = n;
            CompletableFuture<Integer> unit = group.submit(() -> {
                        insert(number);
                        if (number == failing) {
                            throw new IllegalArgumentException("unit 13 is refused");
                        }
                        return number;
                    })
                    .toCompletableFuture();
            units.add(unit);
            // What the caller sees when it is answered: the write committed, seen from another connection.
            visibleAtAnswer.add(unit.handle((done, failed) -> failed == null && committed(number)));
        }
        release.countDown();
        for (CompletableFuture<Integer> blocker : blockers) {
            blocker.get(20, TimeUnit.SECONDS);
        }

        for (int n = 0; n < 40; n++) {
            if (n == failing) {
                ExecutionException refused = assertThrows(
                        ExecutionException.class, () -> units.get(failing).get(20, TimeUnit.SECONDS));
                assertInstanceOf(IllegalArgumentException.class, refused.getCause());
                assertEquals(false, visibleAtAnswer.get(n).get());
            } else {
                assertEquals(n, units.get(n).get(20, TimeUnit.SECONDS));
                assertTrue(visibleAtAnswer.get(n).get(), "unit " + n + " answered before its commit");
            }
        }
        try (Connection owner = SchemaOwner.connect();
                Statement read = owner.createStatement();
                ResultSet rows = read.executeQuery("select n, tx from group_commit_probe where n < 1000")) {
            Set<Integer> stored = new HashSet<>();
            Set<Long> transactions = new HashSet<>();
            while (rows.next()) {
                stored.add(rows.getInt(1));
                transactions.add(rows.getLong(2));
            }
            assertEquals(failing < 0 ? 40 : 39, stored.size());
            assertTrue(!stored.contains(failing), "the refused unit's write was kept");
            return transactions;
        }
    }

    @Test
    void aUnitAloneIsAnsweredWithItsResult() throws Exception {
        assertEquals(7, group.submit(() -> insert(7)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(committed(7));
    }

    private int insert(int n) {
        sql.update("insert into group_commit_probe (n, tx) values (?, txid_current())", n);
        return n;
    }

    private static boolean committed(int n) {
        try (Connection owner = SchemaOwner.connect();
                Statement read = owner.createStatement();
                ResultSet row = read.executeQuery("select count(*) from group_commit_probe where n = " + n)) {
            row.next();
            return row.getInt(1) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
