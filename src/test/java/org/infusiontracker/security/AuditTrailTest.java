package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.infusiontracker.SchemaOwner;
import org.junit.jupiter.api.Test;

/** Every write and every look at a patient's records leaves a row the database will not let anyone change. */
@QuarkusTest
class AuditTrailTest {

    @Inject
    EntityManager em;

    @Inject
    UserTransaction tx;

    @Test
    void writesAndReadsLeaveRowsWithActorRoleAndRequestId() {
        String session = Fixtures.dosingSession(30);
        String reading = Fixtures.recordVitals(session, Map.of("spo2", 97))
                .statusCode(201)
                .extract()
                .path("id");
        String requestId = given().get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");

        given().queryParam("entity", "session")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.action", hasItems("CREATE", "START_DOSING", "READ"))
                .body("items.find { it.action == 'READ' }.actor", equalTo("test.user"))
                .body("items.find { it.action == 'READ' }.actorName", equalTo("test.user"))
                .body("items.find { it.action == 'READ' }.roles", equalTo("admin,nurse,physician"))
                .body("items.find { it.action == 'READ' }.requestId", equalTo(requestId))
                .body("items.find { it.action == 'START_DOSING' }.detail.at", notNullValue());
        given().queryParam("entity", "reading")
                .queryParam("id", reading)
                .get("/api/v1/audit")
                .then()
                .body("items.action", hasItem("CREATE"))
                .body("items[0].detail.sessionId", equalTo(session));
    }

    /** Reading the trail is itself a read of who looked at whose records: it is audited too. */
    @Test
    void readingTheTrailIsAudited() {
        String session = Fixtures.session();
        given().header("X-Request-Id", "audit-read-" + session.substring(0, 8))
                .queryParam("entity", "session")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .statusCode(200);
        given().queryParam("entity", "audit")
                .queryParam("from", Fixtures.ago(5))
                .queryParam("size", 200)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body(
                        "items.find { it.clientRequestId == 'audit-read-" + session.substring(0, 8) + "' }.detail.id",
                        equalTo(session))
                .body(
                        "items.find { it.clientRequestId == 'audit-read-" + session.substring(0, 8) + "' }.action",
                        equalTo("READ"))
                .body(
                        "items.find { it.clientRequestId == 'audit-read-" + session.substring(0, 8) + "' }.actor",
                        equalTo("test.user"));
    }

    @Test
    void aReadOfTheVitalsIsAudited() {
        String session = Fixtures.dosingSession(30);
        given().get("/api/v1/sessions/" + session + "/vitals").then().statusCode(200);
        given().queryParam("entity", "vitals")
                .queryParam("id", session)
                .get("/api/v1/audit")
                .then()
                .body("total", equalTo(1))
                .body("items[0].action", equalTo("READ"));
    }

    /**
     * Even the schema's owner, who holds every privilege on the table, is refused by its triggers
     * (the runtime role the service runs as lacks the privileges: AuditTrailIsAppendOnlyTest).
     */
    @Test
    void theDatabaseRefusesToChangeOrDeleteTheTrail() throws Exception {
        Fixtures.session();
        try (Connection owner = SchemaOwner.connect();
                Statement statement = owner.createStatement()) {
            for (String sql : new String[] {
                "update audit_event set actor = 'someone else'",
                "delete from audit_event where clinic_id = 'test-clinic'",
                "truncate audit_event"
            }) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql));
                assertTrue(refused.getMessage().contains("append-only"), () -> sql + ": " + refused.getMessage());
            }
        }
    }

    /** A refused row's values (a patient's name, vital signs) never reach an exception message, and so no log. */
    @Test
    void aRefusedRowKeepsItsValuesOutOfTheError() throws Exception {
        String refusal = Fixtures.refusal(
                tx,
                () -> em.createNativeQuery(
                                "insert into patient (id, clinic_id, mrn, display_name, birth_year, created_at) "
                                        + "values (gen_random_uuid(), 'test-clinic', ?1, ?2, 1850, now())")
                        .setParameter(1, "MRN-SECRET-1")
                        .setParameter(2, "Jane Secret")
                        .executeUpdate());
        assertTrue(refusal.contains("patient_birth_year_check"), refusal);
        assertFalse(refusal.contains("Jane Secret"), refusal);
        assertFalse(refusal.contains("MRN-SECRET-1"), refusal);
    }

    @Test
    void theTrailIsForPhysiciansAndAdminsWithValidFilters() {
        given().queryParam("from", "yesterday")
                .get("/api/v1/audit")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("from"));
    }
}
