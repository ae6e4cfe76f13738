package org.infusiontracker.stream;

import static io.restassured.RestAssured.given;
import static org.infusiontracker.Fixtures.ago;
import static org.infusiontracker.Fixtures.amend;
import static org.infusiontracker.Fixtures.recordVitals;
import static org.infusiontracker.Fixtures.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.junit.jupiter.api.Test;

/** One stream event per change, named for what happened, counted in the event table itself. */
@QuarkusTest
class EventPerChangeTest {

    @Inject
    AgroalDataSource db;

    @Inject
    EventLog events;

    @Test
    void eachSessionMoveIsPublishedOnce() throws SQLException {
        long before = lastEventId();
        String session = Fixtures.session();
        assertEquals(List.of("session.created"), sessionEvents(session, before));

        Fixtures.preDoseBloodPressure(session, ago(35));
        for (String[] move : new String[][] {{"start-dosing", "30"}, {"end-dosing", "10"}}) {
            long mark = lastEventId();
            transition(session, move[0], Map.of("at", ago(Integer.parseInt(move[1]))))
                    .statusCode(200);
            assertEquals(List.of("session.updated"), sessionEvents(session, mark), move[0]);
        }
        long mark = lastEventId();
        Fixtures.dischargeAnyway(session, ago(1));
        assertEquals(List.of("session.updated"), sessionEvents(session, mark), "discharge");

        String aborted = Fixtures.session();
        mark = lastEventId();
        transition(aborted, "abort", Map.of("reason", "patient request")).statusCode(200);
        assertEquals(List.of("session.updated"), sessionEvents(aborted, mark), "abort");
    }

    @Test
    void aReadingIsRecordedAmendedAndRetractedUnderItsOwnNames() throws SQLException {
        String session = Fixtures.dosingSession(20);
        long mark = lastEventId();
        String reading = recordVitals(session, Map.of("heartRate", 80))
                .statusCode(201)
                .extract()
                .path("id");
        String corrected = amend("vitals", reading, Map.of("heartRate", 82, "reason", "misread"))
                .statusCode(201)
                .extract()
                .path("id");
        amend("vitals", corrected, Map.of("enteredInError", true, "reason", "wrong patient"))
                .statusCode(200);
        assertEquals(
                List.of("vitals.recorded", "vitals.amended", "vitals.retracted"),
                recordEvents(session, mark, "vitals.%"));
    }

    @Test
    void anAdverseEventIsRecordedAmendedResolvedAndRetractedUnderItsOwnNames() throws SQLException {
        String session = Fixtures.dosingSession(20);
        long mark = lastEventId();
        String event = given().contentType(ContentType.JSON)
                .body(Map.of("type", "NAUSEA", "grade", 1))
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String corrected = amend("adverse-events", event, Map.of("type", "NAUSEA", "grade", 2, "reason", "worse"))
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "RESOLVED"))
                .post("/api/v1/adverse-events/" + corrected + "/resolve")
                .then()
                .statusCode(200);
        amend("adverse-events", corrected, Map.of("enteredInError", true, "reason", "wrong session"))
                .statusCode(200);
        assertEquals(
                List.of(
                        "adverse-event.recorded",
                        "adverse-event.amended",
                        "adverse-event.resolved",
                        "adverse-event.retracted"),
                recordEvents(session, mark, "adverse-event.%"));
    }

    @Test
    void theDatabaseAcceptsEveryEventTypeByItsName() throws SQLException {
        long mark = lastEventId();
        for (EventType type : EventType.values()) {
            QuarkusTransaction.requiringNew()
                    .run(() -> events.publish("event-type-check", type, Map.of("type", type.wireName())));
        }
        List<String> written = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select type from stream_event where id > ? and clinic_id = 'event-type-check' order by id")) {
            q.setLong(1, mark);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getString(1));
                }
            }
        }
        assertEquals(
                java.util.Arrays.stream(EventType.values())
                        .map(EventType::wireName)
                        .toList(),
                written);
    }

    private long lastEventId() throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet rows = c.createStatement().executeQuery("select coalesce(max(id), 0) from stream_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The session's own events ({@code session.*}) after {@code mark}, in order. */
    private List<String> sessionEvents(String session, long mark) throws SQLException {
        return types("type like 'session.%' and payload like ?", "%\"id\":\"" + session + "\"%", mark);
    }

    /** Events of a kind about records of the session after {@code mark}, in order. */
    private List<String> recordEvents(String session, long mark, String kind) throws SQLException {
        return types("type like '" + kind + "' and payload like ?", "%\"sessionId\":\"" + session + "\"%", mark);
    }

    private List<String> types(String where, String payload, long mark) throws SQLException {
        List<String> types = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select type from stream_event where id > ? and " + where + " order by id")) {
            q.setLong(1, mark);
            q.setString(2, payload);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
        }
        return types;
    }
}
