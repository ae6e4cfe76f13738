package org.infusiontracker.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.infusiontracker.SchemaOwner;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A committed event wakes every instance's streams with a NOTIFY naming the clinic, sent after the
 * commit (not inside the writing transaction, where PostgreSQL would serialise the writers'
 * commits); a write that is refused sends none. The clinic is this test's own, so that the
 * scheduled jobs' events for other clinics cannot answer for it.
 */
@QuarkusTest
class EventNotifierTest {

    private static final String CLINIC = "notify-clinic";

    @Test
    void aCommittedEventNotifiesItsClinicAndARefusedWriteNothing() throws Exception {
        String patient = as().body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Notified Patient"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try (Connection listener = SchemaOwner.connect();
                Statement s = listener.createStatement()) {
            s.execute("LISTEN " + EventLog.CHANNEL);
            PGConnection pg = listener.unwrap(PGConnection.class);
            String session = as().body(Fixtures.sessionBody(patient))
                    .post("/api/v1/sessions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            assertTrue(drain(pg, 5000).contains(CLINIC), "the new session's event did not notify its clinic");

            as().body(Map.of("systolic", 120, "diastolic", 200))
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(400);
            assertFalse(drain(pg, 1500).contains(CLINIC), "a refused write notified the streams");

            as().body(Fixtures.NORMAL_VITALS)
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201);
            assertTrue(drain(pg, 5000).contains(CLINIC), "the reading's event did not notify its clinic");
        }
    }

    private static RequestSpecification as() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", TestTokens.bearer(TestTokens.token(CLINIC, "notify.nurse", "nurse")));
    }

    /** The clinics notified within {@code millis}. */
    private static List<String> drain(PGConnection pg, int millis) throws Exception {
        List<String> clinics = new ArrayList<>();
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            PGNotification[] got = pg.getNotifications((int) Math.max(1, until - System.currentTimeMillis()));
            if (got != null) {
                for (PGNotification n : got) {
                    clinics.add(n.getParameter());
                }
            }
        }
        return clinics;
    }
}
