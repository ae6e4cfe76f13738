package org.infusiontracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.infusiontracker.SchemaOwner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail is append-only against any SQL the service could be made to send, not only
 * against the statements it means to send: the service runs as a runtime role that may insert
 * into and read {@code audit_event} and nothing else on it. Changing a row, emptying the table,
 * altering it or getting rid of its trigger needs a privilege the role lacks or the table's
 * owner, the migration role (SQLState 42501 either way).
 */
@QuarkusTest
class AuditTrailIsAppendOnlyTest {

    /** PostgreSQL's insufficient_privilege: "permission denied for ..." and "must be owner of ...". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Inject
    AgroalDataSource db;

    /** Without this the other tests could pass vacuously, run as the owner. */
    @Test
    void theServiceRunsAsTheRuntimeRoleWhichOwnsNothing() throws SQLException {
        String runtime = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String owner = ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
        assertNotEquals(owner, runtime);
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("""
                        select current_user,
                               (select rolsuper or rolbypassrls from pg_roles where rolname = current_user),
                               pg_has_role(current_user, (select tableowner from pg_tables
                                   where schemaname = current_schema() and tablename = 'audit_event'), 'MEMBER'),
                               pg_has_role(current_user, (select nspowner from pg_namespace
                                   where nspname = current_schema()), 'MEMBER')""")) {
            row.next();
            assertEquals(runtime, row.getString(1));
            assertFalse(row.getBoolean(2), "the runtime role is a superuser");
            assertFalse(row.getBoolean(3), "the runtime role owns audit_event");
            assertFalse(row.getBoolean(4), "the runtime role owns the schema");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "update audit_event set actor = 'someone else'",
                "delete from audit_event",
                "truncate audit_event",
                "alter table audit_event add column note text",
                "alter table audit_event alter column actor drop not null",
                "alter table audit_event disable trigger audit_event_no_change",
                "alter table audit_event disable trigger all",
                "drop trigger audit_event_no_change on audit_event",
                "drop trigger audit_event_no_truncate on audit_event",
                "drop table audit_event",
                "alter table audit_event rename to audit_event_old",
                "create trigger audit_event_swallow before insert on audit_event"
                        + " for each row execute function audit_event_is_append_only()",
                "create or replace function audit_event_is_append_only() returns trigger"
                        + " language plpgsql as $$ begin return old; end $$",
                "drop function audit_event_is_append_only() cascade",
                "set session_replication_role = replica"
            })
    void theRuntimeRoleCannot(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), sql);
            assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), () -> sql + ": " + refused.getMessage());
            // The privilege refuses it, not the trigger (whose error has the same state).
            assertFalse(refused.getMessage().contains("append-only"), () -> sql + ": " + refused.getMessage());
        }
        assertTheTriggersStand();
    }

    @Test
    void theRuntimeRoleAppendsAndReads() throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into audit_event (at, clinic_id, actor, roles, action, entity, entity_id)
                    values (now(), 'test-clinic', 'roles.test', 'nurse', 'CREATE', 'reading', ?)""")) {
                insert.setString(1, id);
                assertEquals(1, insert.executeUpdate());
            }
            try (PreparedStatement select = c.prepareStatement(
                    "select actor from audit_event where clinic_id = 'test-clinic' and entity_id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals("roles.test", rows.getString(1));
                }
            }
        }
    }

    /**
     * What {@code db/migration/afterMigrate.sql} grants, table by table: every table of every
     * migration, the audit trail only for appending and reading, Flyway's history not at all, and
     * nowhere TRUNCATE, REFERENCES or TRIGGER.
     */
    @Test
    void eachTableGrantsTheRuntimeRoleWhatTheServiceNeedsAndNoMore() throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("""
                        select tablename, privilege,
                               has_table_privilege(current_user, format('%I.%I', schemaname, tablename), privilege)
                        from pg_tables,
                             unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'])
                                 as privilege
                        where schemaname = current_schema()""")) {
            int seen = 0;
            while (rows.next()) {
                seen++;
                String table = rows.getString(1);
                String privilege = rows.getString(2);
                boolean expected = switch (table) {
                    case "flyway_schema_history" -> false;
                    case "audit_event", "controlled_entry" -> privilege.equals("SELECT") || privilege.equals("INSERT");
                    default -> List.of("SELECT", "INSERT", "UPDATE", "DELETE").contains(privilege);
                };
                if (rows.getBoolean(3) != expected) {
                    wrong.add(table + " " + privilege + (expected ? " missing" : " granted"));
                }
            }
            assertTrue(seen > 7 * 10, "the schema's tables were not found: " + seen);
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * The grants refuse a runtime role that would make them pointless: one that owns the schema
     * (a single-role set-up) or a superuser. Run on the callback itself, in a transaction that is
     * rolled back.
     */
    @Test
    void theGrantsRefuseARuntimeRoleThatOwnsTheSchemaOrIsASuperuser() throws Exception {
        String owner = ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
        String role = "roles_test_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = SchemaOwner.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create role " + role);
                s.execute("create schema " + role + " authorization " + role);
                SQLException ownsIt = assertThrows(SQLException.class, () -> s.execute(grants(role, role)));
                assertTrue(ownsIt.getMessage().contains("owns the schema"), ownsIt.getMessage());
                c.rollback();
                SQLException superuser = assertThrows(SQLException.class, () -> s.execute(grants(owner, "public")));
                assertTrue(superuser.getMessage().contains("superuser"), superuser.getMessage());
            } finally {
                c.rollback();
            }
        }
    }

    /** The grants callback as Flyway runs it, for {@code runtimeRole} in {@code schema}. */
    private static String grants(String runtimeRole, String schema) throws IOException {
        try (InputStream in = AuditTrailIsAppendOnlyTest.class.getResourceAsStream("/db/migration/afterMigrate.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${runtime_role}", runtimeRole)
                    .replace("${flyway:defaultSchema}", schema)
                    .replace("${flyway:table}", "flyway_schema_history");
        }
    }

    private void assertTheTriggersStand() throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("""
                        select string_agg(tgname || ':' || tgenabled::text, ',' order by tgname) from pg_trigger
                        where tgrelid = format('%I.audit_event', current_schema())::regclass and not tgisinternal""")) {
            rows.next();
            assertEquals("audit_event_no_change:O,audit_event_no_truncate:O", rows.getString(1));
        }
    }
}
