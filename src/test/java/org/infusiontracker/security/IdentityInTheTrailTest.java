package org.infusiontracker.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.api.RequestLogFilter;
import org.junit.jupiter.api.Test;

/**
 * Who acted, in which request, and what the trail may show: the person is the token's stable
 * subject with its display name beside it; the server's request id is its own, the client's kept
 * apart; patients are named by id, never by MRN; free-text clinical reasons only for clinicians.
 */
@QuarkusTest
class IdentityInTheTrailTest {

    @Inject
    DataSource db;

    private static String bearer(String subject, Map<String, String> names, String... roles) {
        return TestTokens.bearer(TestTokens.person(TestTokens.CLINIC, subject, names, roles));
    }

    private static Response trail(String auth, String entity, String id) {
        return given().header("Authorization", auth)
                .queryParam("entity", entity)
                .queryParam("id", id)
                .get("/api/v1/audit");
    }

    @Test
    void theActorIsTheSubjectAndTheDisplayNameIsKeptBesideIt() {
        String subject = "sub-" + UUID.randomUUID();
        String doctor = bearer(subject, Map.of("preferred_username", "dr.who", "name", "Dr. Who"), "physician");
        String session = Fixtures.session();
        Fixtures.recordVitals(session, Map.of("measuredAt", Fixtures.ago(70), "systolic", 125, "diastolic", 80))
                .statusCode(201);
        Fixtures.transition(session, "start-dosing", Map.of("at", Fixtures.ago(60)))
                .statusCode(200);
        String flag = Fixtures.recordVitals(
                        session, Map.of("measuredAt", Fixtures.ago(20), "systolic", 185, "diastolic", 100))
                .statusCode(201)
                .extract()
                .path("flags.find { it.ruleCode == 'BP_SEVERE' }.id");

        given().header("Authorization", doctor)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "seen"))
                .post("/api/v1/flags/" + flag + "/acknowledge")
                .then()
                .statusCode(200)
                .body("acknowledgedBy", equalTo(subject));

        trail(TestTokens.bearer(TestTokens.DEFAULT), "flag", flag)
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'ACKNOWLEDGE' }.actor", equalTo(subject))
                .body("items.find { it.action == 'ACKNOWLEDGE' }.actorName", equalTo("dr.who"));
    }

    @Test
    void theDisplayNameIsTheNameClaimWhenThereIsNoPreferredUsernameAndElseNull() {
        String named = "sub-" + UUID.randomUUID();
        String anonymous = "sub-" + UUID.randomUUID();
        String session = Fixtures.session();
        given().header("Authorization", bearer(named, Map.of("name", "Nurse Named"), "nurse"))
                .get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200);
        given().header("Authorization", bearer(anonymous, Map.of(), "nurse"))
                .get("/api/v1/sessions/" + session)
                .then()
                .statusCode(200);

        trail(TestTokens.bearer(TestTokens.DEFAULT), "session", session)
                .then()
                .statusCode(200)
                .body("items.find { it.actor == '" + named + "' }.actorName", equalTo("Nurse Named"))
                .body("items.find { it.actor == '" + anonymous + "' }.action", equalTo("READ"))
                .body("items.find { it.actor == '" + anonymous + "' }.actorName", nullValue());
    }

    /** A name is no person: a token that names no subject may not act, whatever username it shows. */
    @Test
    void aTokenWithoutASubjectMayNotAct() {
        String nameOnly = Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .preferredUserName("test.user")
                .groups(Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .expiresIn(Duration.ofMinutes(5))
                .sign();
        given().header("Authorization", TestTokens.bearer(nameOnly))
                .get("/api/v1/patients")
                .then()
                .statusCode(403);
    }

    @Test
    void theServerMakesItsOwnRequestIdAndKeepsTheClientsApart() {
        String session = Fixtures.session();
        String clientId = "tablet-7.req-" + session.substring(0, 8);
        Response answer = given().header(RequestLogFilter.HEADER, clientId).get("/api/v1/sessions/" + session);
        assertEquals(200, answer.statusCode());
        String serverId = answer.header(RequestLogFilter.HEADER);
        assertNotEquals(clientId, serverId);
        assertEquals(clientId, answer.header(RequestLogFilter.CLIENT_HEADER));

        trail(TestTokens.bearer(TestTokens.DEFAULT), "session", session)
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'READ' }.requestId", equalTo(serverId))
                .body("items.find { it.action == 'READ' }.clientRequestId", equalTo(clientId));
    }

    @Test
    void aClientIdThatIsNotVisibleAsciiOfAtMost100CharactersIsIgnored() {
        for (String bad : new String[] {"has spaces in it", "x".repeat(101), "clé-1"}) {
            String session = Fixtures.session();
            Response answer = given().header(RequestLogFilter.HEADER, bad).get("/api/v1/sessions/" + session);
            assertEquals(200, answer.statusCode(), bad);
            assertNull(answer.header(RequestLogFilter.CLIENT_HEADER), bad);
            trail(TestTokens.bearer(TestTokens.DEFAULT), "session", session)
                    .then()
                    .statusCode(200)
                    .body("items.find { it.action == 'READ' }.requestId", matchesPattern("[0-9a-f-]{36}"))
                    .body("items.find { it.action == 'READ' }.clientRequestId", nullValue());
        }
        Response longest =
                given().header(RequestLogFilter.HEADER, "y".repeat(100)).get("/api/v1/patients");
        assertEquals("y".repeat(100), longest.header(RequestLogFilter.CLIENT_HEADER));
    }

    @Test
    void theTrailNamesPatientsByIdNeverByMrn() throws Exception {
        String mrn = Fixtures.newMrn();
        String patient = given().contentType(ContentType.JSON)
                .body(Map.of("mrn", mrn, "displayName", "J. D.", "birthYear", 1980))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().queryParam("mrn", mrn).get("/api/v1/patients").then().statusCode(200);

        Response rows = trail(TestTokens.bearer(TestTokens.DEFAULT), "patient", patient);
        rows.then()
                .statusCode(200)
                .body("items.find { it.action == 'CREATE' }.entityId", equalTo(patient))
                .body("items.find { it.action == 'SEARCH' }.detail.byMrn", equalTo(true))
                .body("items.find { it.action == 'SEARCH' }.detail.patientIds", equalTo(List.of(patient)));
        assertFalse(rows.asString().contains(mrn), rows.asString());
        for (String row : trailText()) {
            assertFalse(row.contains(mrn), row);
        }
    }

    /** Every row of the test clinic's trail, its id and detail as text, straight from the table. */
    private List<String> trailText() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select entity_id || ' ' || coalesce(detail::text, '') from audit_event where clinic_id = ?")) {
            q.setString(1, TestTokens.CLINIC);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
        }
        return rows;
    }

    @Test
    void clinicalReasonsAreShownToPhysiciansAndWithheldFromAnAdmin() {
        String session = Fixtures.dosingSession(30);
        String reading = Fixtures.recordVitals(session, Map.of("spo2", 88))
                .statusCode(201)
                .extract()
                .path("id");
        Fixtures.amend("vitals", reading, Map.of("enteredInError", true, "reason", "charted for the wrong patient"))
                .statusCode(200);
        Fixtures.transition(session, "abort", Map.of("reason", "patient felt faint at home"))
                .statusCode(200);
        String physician = bearer("sub-" + UUID.randomUUID(), Map.of(), "physician");
        String admin = bearer("sub-" + UUID.randomUUID(), Map.of(), "admin");

        trail(physician, "reading", reading)
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'RETRACT' }.detail.reason", equalTo("charted for the wrong patient"));
        trail(physician, "session", session)
                .then()
                .body("items.find { it.action == 'ABORT' }.detail.reason", equalTo("patient felt faint at home"));

        Response forAdmin = trail(admin, "reading", reading);
        forAdmin.then()
                .statusCode(200)
                .body("items.find { it.action == 'RETRACT' }.detail.reason", equalTo("[withheld]"));
        assertFalse(forAdmin.asString().contains("wrong patient"), forAdmin.asString());
        trail(admin, "session", session)
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'ABORT' }.detail.reason", equalTo("[withheld]"))
                .body("items.find { it.action == 'ABORT' }.detail.at", notNullValue())
                .body("items.find { it.action == 'START_DOSING' }.detail.at", notNullValue())
                .body("items.find { it.action == 'ABORT' }.detail.reason", not(equalTo("patient felt faint at home")));
    }
}
