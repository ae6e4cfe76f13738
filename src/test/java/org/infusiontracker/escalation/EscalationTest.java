package org.infusiontracker.escalation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * An open CRITICAL flag climbs: escalated 3 minutes after it was raised, again every 5 minutes, at
 * most 3 times, each step once (also with two runs at once), and not once it is acknowledged. The
 * job is called directly with the time it runs at; a second instance is played by a second thread,
 * since a second service cannot run inside one test JVM (the step is a conditional update in the
 * database, so threads and instances race for it the same way).
 */
@QuarkusTest
class EscalationTest {

    @Inject
    Escalation escalation;

    @Inject
    DataSource database;

    /** A CRITICAL flag raised now by a blood pressure of 190/118 during dosing: its id and raise time. */
    record Raised(String id, Instant at, String session) {}

    static Raised criticalFlag() {
        String session = Fixtures.dosingSession(10);
        var flag = Fixtures.recordVitals(session, Map.of("systolic", 190, "diastolic", 118))
                .statusCode(201)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("flags")
                .stream()
                .filter(f -> f.get("severity").equals("CRITICAL"))
                .findFirst()
                .orElseThrow();
        return new Raised((String) flag.get("id"), Instant.parse((String) flag.get("raisedAt")), session);
    }

    static Map<String, Object> flag(Raised raised) {
        return given()
                .get("/api/v1/sessions/" + raised.session() + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("")
                .stream()
                .filter(f -> f.get("id").equals(raised.id()))
                .findFirst()
                .orElseThrow();
    }

    int escalatedEvents(String flagId) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select count(*) from stream_event where type = 'flag.escalated' and payload like ?")) {
            q.setString(1, "%\"id\":\"" + flagId + "\"%");
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void aCriticalFlagClimbsEveryFiveMinutesAtMostThreeTimes() throws Exception {
        Raised raised = criticalFlag();
        Instant t = raised.at();

        escalation.escalate(t.plus(Duration.ofMinutes(3)).minusSeconds(1));
        assertEquals(0, flag(raised).get("escalations"));
        assertNull(flag(raised).get("escalatedAt"));

        Instant first = t.plus(Duration.ofMinutes(3));
        escalation.escalate(first);
        assertEquals(1, flag(raised).get("escalations"));
        assertEquals(first, Instant.parse((String) flag(raised).get("escalatedAt")));
        assertEquals(1, escalatedEvents(raised.id()));

        escalation.escalate(first.plus(Duration.ofMinutes(5)).minusSeconds(1));
        assertEquals(1, flag(raised).get("escalations"));
        escalation.escalate(first.plus(Duration.ofMinutes(5)));
        assertEquals(2, flag(raised).get("escalations"));
        escalation.escalate(first.plus(Duration.ofMinutes(10)));
        assertEquals(3, flag(raised).get("escalations"));
        escalation.escalate(first.plus(Duration.ofMinutes(15)));
        escalation.escalate(first.plus(Duration.ofHours(2)));
        assertEquals(3, flag(raised).get("escalations"));
        assertEquals(3, escalatedEvents(raised.id()));
    }

    @Test
    void twoInstancesAtOnceTakeEachStepOnce() throws Exception {
        Raised raised = criticalFlag();
        Instant due = raised.at().plus(Duration.ofMinutes(3));
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int step = 1; step <= 3; step++) {
                Instant at = due.plus(Duration.ofMinutes(5L * (step - 1)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> runs = List.of(
                        two.submit(() -> {
                            start.await();
                            return escalation.escalate(at);
                        }),
                        two.submit(() -> {
                            start.await();
                            return escalation.escalate(at);
                        }));
                start.countDown();
                for (Future<Integer> run : runs) {
                    run.get();
                }
                assertEquals(step, flag(raised).get("escalations"));
                assertEquals(step, escalatedEvents(raised.id()));
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void acknowledgingStopsIt() throws Exception {
        Raised raised = criticalFlag();
        escalation.escalate(raised.at().plus(Duration.ofMinutes(3)));
        assertEquals(1, flag(raised).get("escalations"));
        given().contentType(ContentType.JSON)
                .body(Map.of("note", "at the bedside"))
                .post("/api/v1/flags/" + raised.id() + "/acknowledge")
                .then()
                .statusCode(200)
                .body("escalations", org.hamcrest.Matchers.equalTo(1));
        escalation.escalate(raised.at().plus(Duration.ofMinutes(30)));
        assertEquals(1, flag(raised).get("escalations"));
        assertEquals(1, escalatedEvents(raised.id()));
    }

    @Test
    void warningFlagsDoNotClimb() throws Exception {
        String session = Fixtures.dosingSession(10);
        String warning = Fixtures.recordVitals(session, Map.of("spo2", 93))
                .statusCode(201)
                .extract()
                .path("flags.find { it.severity == 'WARNING' }.id");
        escalation.escalate(Instant.now().plus(Duration.ofHours(1)));
        given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .body("find { it.id == '" + warning + "' }.escalations", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void theBoardShowsEscalatedFlagsFirstAndThePatientsFlagsWithoutASession() {
        Raised raised = criticalFlag();
        String patient = given().get("/api/v1/sessions/" + raised.session())
                .then()
                .extract()
                .path("patientId");
        String patientFlag = given().contentType(ContentType.JSON)
                .body(Map.of("instrument", "PHQ9", "answers", List.of(1, 1, 1, 1, 1, 1, 1, 1, 2)))
                .post("/api/v1/patients/" + patient + "/assessments")
                .then()
                .statusCode(201)
                .extract()
                .path("flags[0].id");
        // Both flags are due (the assessment's was raised a moment after the reading's), neither twice.
        escalation.escalate(raised.at().plus(Duration.ofMinutes(4)));

        var board =
                given().get("/api/v1/board").then().statusCode(200).extract().jsonPath();
        List<Integer> escalated = board.getList("sessions.openFlags.escalated", Integer.class);
        List<String> sessions = board.getList("sessions.sessionId", String.class);
        int ours = sessions.indexOf(raised.session());
        assertEquals(1, escalated.get(ours));
        for (int i = 1; i < escalated.size(); i++) {
            int before = escalated.get(i - 1);
            int at = escalated.get(i);
            assertEquals(true, before > 0 || at == 0, () -> "an escalated chair after one that is not: " + escalated);
        }
        List<Map<String, Object>> patientFlags = board.getList("patientFlags");
        Map<String, Object> ofPatient = patientFlags.stream()
                .filter(f -> f.get("id").equals(patientFlag))
                .findFirst()
                .orElseThrow();
        assertEquals(patient, ofPatient.get("patientId"));
        assertEquals(1, ofPatient.get("escalations"));
        int firstNotEscalated = 0;
        while (firstNotEscalated < patientFlags.size()
                && (Integer) patientFlags.get(firstNotEscalated).get("escalations") > 0) {
            firstNotEscalated++;
        }
        for (Map<String, Object> f : patientFlags.subList(firstNotEscalated, patientFlags.size())) {
            assertEquals(0, f.get("escalations"));
        }
    }
}
