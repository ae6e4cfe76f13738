package org.infusiontracker.monitors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.monitors.Mllp.Obx;
import org.junit.jupiter.api.Test;

/** The MLLP listener: what each kind of message is answered, what is stored, and what the listener survives. */
@QuarkusTest
class MonitorListenerTest {

    @Inject
    MllpListener listener;

    @Inject
    AgroalDataSource db;

    @Inject
    MonitorMessageCleanup cleanup;

    /** A dosing session in a chair of its own, with a monitor mapped to the chair. */
    record Bed(String device, String chair, String session) {}

    static Bed bed() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String chair = "C-" + suffix;
        String session = sessionInChair(chair);
        Fixtures.startDosing(session, Map.of("at", Fixtures.ago(10))).statusCode(200);
        String device = "D-" + suffix;
        map(device, chair);
        return new Bed(device, chair, session);
    }

    static String sessionInChair(String chair) {
        Map<String, Object> body = Fixtures.sessionBody(Fixtures.patient());
        body.put("chair", chair);
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static void map(String device, String chair) {
        given().contentType(ContentType.JSON)
                .body(Map.of("chair", chair))
                .put("/api/v1/monitors/" + device)
                .then()
                .statusCode(201);
    }

    private String send(String message) throws Exception {
        try (Mllp mllp = new Mllp(listener.port())) {
            return mllp.send(message);
        }
    }

    private long count(String sql, Object... parameters) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long readings(String session) throws Exception {
        // The monitors' readings: the session also holds the retracted pre-dose reading of the set-up.
        return count(
                "select count(*) from vital_reading where session_id = ? and source like 'monitor:%'",
                UUID.fromString(session));
    }

    private static String readingIdOf(String ack) {
        String text = Mllp.field(ack, "MSA", 3);
        assertNotNull(text, ack);
        return text.substring(text.lastIndexOf(' ') + 1);
    }

    @Test
    void aReadingIsStoredThroughTheApiPathAndAcknowledgedAA() throws Exception {
        Bed bed = bed();
        String ack = send(Mllp.vitals(bed.device(), "MSG-1", 124, 79));
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        assertEquals("MSG-1", Mllp.field(ack, "MSA", 2));
        assertEquals("ACK^R01^ACK", Mllp.field(ack, "MSH", 9));
        String reading = readingIdOf(ack);
        given().get("/api/v1/vitals/" + reading)
                .then()
                .statusCode(200)
                .body("sessionId", equalTo(bed.session()))
                .body("source", equalTo("monitor:" + bed.device()))
                .body("recordedBy", equalTo("monitor:" + bed.device()))
                .body("systolic", equalTo(124))
                .body("diastolic", equalTo(79))
                .body("heartRate", equalTo(72))
                .body("spo2", equalTo(98))
                .body("respiratoryRate", equalTo(14))
                .body("news2", org.hamcrest.Matchers.notNullValue());
        assertEquals(1, readings(bed.session()));
        // The audit trail names the device as the actor, and the stream got its event.
        given().get("/api/v1/audit?entity=reading&id=" + reading)
                .then()
                .statusCode(200)
                .body("items.find { it.action == 'CREATE' }.actor", equalTo("monitor:" + bed.device()))
                .body("items.find { it.action == 'CREATE' }.roles", equalTo("monitor"));
        assertEquals(
                1,
                count(
                        "select count(*) from stream_event where type = 'vitals.recorded' and payload::jsonb ->> 'id' = ?",
                        reading));
        // A reading over HTTP says so.
        Fixtures.recordVitals(bed.session(), Map.of("heartRate", 80))
                .statusCode(201)
                .body("source", equalTo("api"));
    }

    @Test
    void anOutOfRangeValueRaisesItsFlagWithTheRuleVersion() throws Exception {
        Bed bed = bed();
        String ack = send(Mllp.vitals(bed.device(), "MSG-SEVERE", 190, 112));
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        String reading = readingIdOf(ack);
        given().get("/api/v1/sessions/" + bed.session() + "/flags")
                .then()
                .statusCode(200)
                .body("find { it.ruleCode == 'BP_SEVERE' }.readingId", equalTo(reading))
                .body("find { it.ruleCode == 'BP_SEVERE' }.ruleVersion", org.hamcrest.Matchers.greaterThan(0))
                .body("find { it.ruleCode == 'BP_SEVERE' }.severity", equalTo("CRITICAL"));
    }

    @Test
    void aRepeatedControlIdIsAcknowledgedAgainAndStoredOnce() throws Exception {
        Bed bed = bed();
        String message = Mllp.vitals(bed.device(), "MSG-TWICE", 121, 80);
        try (Mllp mllp = new Mllp(listener.port())) {
            String first = mllp.send(message);
            String second = mllp.send(message);
            assertEquals("AA", Mllp.field(first, "MSA", 1), first);
            assertEquals(Mllp.field(first, "MSA", 3), Mllp.field(second, "MSA", 3));
            assertEquals(Mllp.field(first, "MSH", 10), Mllp.field(second, "MSH", 10));
            assertEquals(Mllp.field(first, "MSH", 7), Mllp.field(second, "MSH", 7));
        }
        assertEquals(1, readings(bed.session()));
        // On a new connection too.
        assertEquals("AA", Mllp.field(send(message), "MSA", 1));
        assertEquals(1, readings(bed.session()));
    }

    @Test
    void aControlIdIsForgottenAfterTheRetentionAndARepeatOfItIsThenANewMessage() throws Exception {
        Bed bed = bed();
        String old = Mllp.vitals(bed.device(), "MSG-OLD", 122, 80);
        String kept = Mllp.vitals(bed.device(), "MSG-KEPT", 123, 80);
        assertEquals("AA", Mllp.field(send(old), "MSA", 1));
        assertEquals("AA", Mllp.field(send(kept), "MSA", 1));
        // The retention is 30 days: one acknowledged just past it, one just inside it.
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("update monitor_message set acknowledged_at = now() - cast(? as interval) "
                                + "where device_id = ? and control_id = ?")) {
            for (String[] age : new String[][] {{"30 days 1 minute", "MSG-OLD"}, {"29 days 23 hours", "MSG-KEPT"}}) {
                s.setString(1, age[0]);
                s.setString(2, bed.device());
                s.setString(3, age[1]);
                assertEquals(1, s.executeUpdate());
            }
        }
        assertTrue(cleanup.removeExpired() >= 1);
        assertEquals(
                0,
                count(
                        "select count(*) from monitor_message where device_id = ? and control_id = 'MSG-OLD'",
                        bed.device()));
        assertEquals(
                1,
                count(
                        "select count(*) from monitor_message where device_id = ? and control_id = 'MSG-KEPT'",
                        bed.device()));
        // The repeat of the forgotten message is a new one; the repeat of the kept one is not.
        assertEquals("AA", Mllp.field(send(old), "MSA", 1));
        assertEquals("AA", Mllp.field(send(kept), "MSA", 1));
        assertEquals(3, readings(bed.session()));
    }

    @Test
    void twinsSentAtOnceOnTwoConnectionsAreStoredOnce() throws Exception {
        Bed bed = bed();
        String message = Mllp.vitals(bed.device(), "MSG-TWINS", 126, 81);
        List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(new Thread(() -> {
                try {
                    acks.add(send(message));
                } catch (Exception e) {
                    acks.add("failed: " + e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(4, acks.size(), acks.toString());
        for (String ack : acks) {
            assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
            assertEquals(Mllp.field(acks.get(0), "MSA", 3), Mllp.field(ack, "MSA", 3));
        }
        assertEquals(1, readings(bed.session()));
    }

    @Test
    void monitorsSendingAtOnceAreCommittedTogetherAndARefusedOneTakesNoOtherWithIt() throws Exception {
        // Twelve monitors of open chairs, four of chairs without a session and two with a refused
        // value, all sending at once: their messages meet in the same groups.
        List<Bed> beds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            beds.add(bed());
        }
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String device = "E-" + UUID.randomUUID().toString().substring(0, 8);
            map(device, "EMPTY-" + device);
            empty.add(device);
        }
        Map<String, String> answers = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < beds.size(); i++) {
            Bed bed = beds.get(i);
            // Diastolic above systolic is refused by the API: beds 0 and 1.
            String message =
                    i < 2 ? Mllp.vitals(bed.device(), "G-" + i, 90, 120) : Mllp.vitals(bed.device(), "G-" + i, 118, 76);
            senders.add(new Thread(() -> answers.put(bed.device(), sendOrFailure(message))));
        }
        for (String device : empty) {
            senders.add(new Thread(() -> answers.put(device, sendOrFailure(Mllp.vitals(device, "G-E", 120, 80)))));
        }
        senders.forEach(Thread::start);
        for (Thread t : senders) {
            t.join(30_000);
        }
        for (int i = 0; i < beds.size(); i++) {
            Bed bed = beds.get(i);
            String ack = answers.get(bed.device());
            assertEquals(i < 2 ? "AE" : "AA", Mllp.field(ack, "MSA", 1), ack);
            assertEquals(i < 2 ? 0 : 1, readings(bed.session()), "readings of bed " + i);
        }
        for (String device : empty) {
            String ack = answers.get(device);
            assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
            assertTrue(Mllp.field(ack, "MSA", 3).contains("no open session"), ack);
        }
    }

    private String sendOrFailure(String message) {
        try {
            return send(message);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    @Test
    void anUnknownDeviceIsAE() throws Exception {
        String ack = send(Mllp.vitals("NOBODY-" + UUID.randomUUID().toString().substring(0, 8), "MSG-X", 120, 80));
        assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
        assertTrue(Mllp.field(ack, "MSA", 3).contains("unknown device"), ack);
        assertTrue(Mllp.field(ack, "ERR", 3).startsWith("204"), ack);
    }

    @Test
    void aChairWithoutAnOpenSessionIsAEAndNothingIsStored() throws Exception {
        String device = "D-" + UUID.randomUUID().toString().substring(0, 8);
        String chair = "EMPTY-" + device;
        map(device, chair);
        long before = count("select count(*) from vital_reading where source = ?", "monitor:" + device);
        String ack = send(Mllp.vitals(device, "MSG-E", 120, 80));
        assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
        assertTrue(Mllp.field(ack, "MSA", 3).contains("no open session"), ack);
        assertEquals(before, count("select count(*) from vital_reading where source = ?", "monitor:" + device));
    }

    @Test
    void valuesTheApiRefusesAreAEAndNothingIsStored() throws Exception {
        Bed bed = bed();
        String ack = send(Mllp.vitals(bed.device(), "MSG-BAD", 400, 80));
        assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
        assertTrue(Mllp.field(ack, "MSA", 3).contains("systolic"), ack);
        // Together: diastolic not below systolic, as the API refuses it.
        String together = send(Mllp.vitals(bed.device(), "MSG-BAD-2", 100, 120));
        assertEquals("AE", Mllp.field(together, "MSA", 1), together);
        assertTrue(Mllp.field(together, "MSA", 3).contains("diastolic"), together);
        assertEquals(0, readings(bed.session()));
        assertEquals(0, count("select count(*) from monitor_message where device_id = ?", bed.device()));
        // A refused message is not remembered: corrected and resent with the same control id, it is stored.
        assertEquals("AA", Mllp.field(send(Mllp.vitals(bed.device(), "MSG-BAD", 130, 80)), "MSA", 1));
        assertEquals(1, readings(bed.session()));
    }

    @Test
    void aTimeInTheFutureIsAE() throws Exception {
        Bed bed = bed();
        String later = Mllp.time(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
        String message = Mllp.oru(
                "MONITOR", "MSG-FUTURE", later, later, List.of(new Obx("150456", "97", "", later, bed.device())));
        String ack = send(message);
        assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
        assertTrue(Mllp.field(ack, "MSA", 3).contains("measuredAt"), ack);
        assertEquals(0, readings(bed.session()));
    }

    @Test
    void theTimeIsObx14ElseObr7ElseMsh7WithItsOffset() throws Exception {
        Bed bed = bed();
        String obr = "20200101000000+0000";
        String msh = "20200101000000+0000";
        String obx = Mllp.time(OffsetDateTime.now(ZoneOffset.ofHours(2)).minusMinutes(3));
        String ack =
                send(Mllp.oru("MONITOR", "T-1", msh, obr, List.of(new Obx("150456", "97", "", obx, bed.device()))));
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        OffsetDateTime measured = OffsetDateTime.parse(given().get("/api/v1/vitals/" + readingIdOf(ack))
                .then()
                .statusCode(200)
                .extract()
                .path("measuredAt"));
        assertEquals(OffsetDateTime.parse(obx, Mllp.HL7_TIME).toInstant(), measured.toInstant());
        // Without OBX-14: OBR-7.
        String obrNow = Mllp.time(OffsetDateTime.now(ZoneOffset.ofHours(-5)).minusMinutes(2));
        String second =
                send(Mllp.oru("MONITOR", "T-2", msh, obrNow, List.of(new Obx("150456", "96", "", "", bed.device()))));
        assertEquals("AA", Mllp.field(second, "MSA", 1), second);
        assertEquals(
                OffsetDateTime.parse(obrNow, Mllp.HL7_TIME).toInstant(),
                OffsetDateTime.parse(given().get("/api/v1/vitals/" + readingIdOf(second))
                                .then()
                                .extract()
                                .<String>path("measuredAt"))
                        .toInstant());
    }

    @Test
    void ecgHeartRateIsPreferredAndUnmappedCodesAreIgnored() throws Exception {
        Bed bed = bed();
        String now = Mllp.time(OffsetDateTime.now(ZoneOffset.UTC));
        String ack = send(Mllp.oru(
                "MONITOR",
                "MSG-HR",
                now,
                now,
                List.of(
                        new Obx("149530", "90", "", now, bed.device()),
                        new Obx("150023", "93", "", now, bed.device()),
                        new Obx("999999", "1", "", now, bed.device()),
                        new Obx("147842", "64", "", now, bed.device()),
                        new Obx("150364", "37.25", "268192^MDC_DIM_DEGC^MDC", now, bed.device()))));
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        given().get("/api/v1/vitals/" + readingIdOf(ack))
                .then()
                .body("heartRate", equalTo(64))
                .body("temperatureC", equalTo(37.25f))
                .body("systolic", equalTo(null));
        // The oximeter's pulse rate alone is the heart rate.
        String pulse =
                send(Mllp.oru("MONITOR", "MSG-PR", now, now, List.of(new Obx("149530", "88", "", now, bed.device()))));
        given().get("/api/v1/vitals/" + readingIdOf(pulse)).then().body("heartRate", equalTo(88));
        // No mapped value at all: AE.
        String none = send(
                Mllp.oru("MONITOR", "MSG-NONE", now, now, List.of(new Obx("150023", "93", "", now, bed.device()))));
        assertEquals("AE", Mllp.field(none, "MSA", 1), none);
    }

    @Test
    void blanksAroundAFieldAreNotPartOfIt() throws Exception {
        Bed bed = bed();
        String now = Mllp.time(OffsetDateTime.now(ZoneOffset.UTC));
        String message =
                "MSH|^~\\&|MONITOR|ICU|INFUSION-TRACKER||" + now + "||ORU^R01^ORU_R01|  MSG-PAD|P|2.6|||NE|AL\r"
                        + "PID|||P1^^^H^PI||Doe^John\r"
                        + "OBR|1|||182777000^monitoring of patient^SCT|||" + now + "\r"
                        + obx(1, " 150456 ", " 95 ", "", " R ", " " + now + " ", " " + bed.device() + " ")
                        // Marked as not obtained (OBX-11 X): left out.
                        + obx(2, "147842", "130", "", " X ", now, bed.device())
                        + obx(3, "150364", "37.5", "999^ MDC_DIM_DEGC ^MDC", "R", now, bed.device());
        String ack = send(message);
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        given().get("/api/v1/vitals/" + readingIdOf(ack))
                .then()
                .body("spo2", equalTo(95))
                .body("heartRate", equalTo(null))
                .body("temperatureC", equalTo(37.5f));
        // The control id is kept without its leading blanks, and the same message again is stored once.
        assertEquals(
                1,
                count(
                        "select count(*) from monitor_message where device_id = ? and control_id = 'MSG-PAD'",
                        bed.device()));
        assertEquals("AA", Mllp.field(send(message), "MSA", 1));
        assertEquals(1, readings(bed.session()));
    }

    /** OBX with a status of its own (OBX-11) and every field as given, blanks included. */
    private static String obx(
            int set, String code, String value, String unit, String status, String time, String device) {
        String[] f = new String[19];
        Arrays.fill(f, "");
        f[0] = "OBX";
        f[1] = Integer.toString(set);
        f[2] = "NM";
        f[3] = code + "^^MDC";
        f[5] = value;
        f[6] = unit;
        f[11] = status;
        f[14] = time;
        f[18] = device + "^EUI-64";
        return String.join("|", f) + "\r";
    }

    @Test
    void theDeviceIsMsh3WithoutObx18() throws Exception {
        Bed bed = bed();
        String now = Mllp.time(OffsetDateTime.now(ZoneOffset.UTC));
        String ack =
                send(Mllp.oru(bed.device(), "MSG-MSH3", now, now, List.of(new Obx("150456", "95", "", now, null))));
        assertEquals("AA", Mllp.field(ack, "MSA", 1), ack);
        assertEquals(1, readings(bed.session()));
    }

    @Test
    void aDeviceMappedInTwoClinicsIsAE() throws Exception {
        Bed bed = bed();
        given().header("Authorization", TestTokens.bearer(TestTokens.token("other-clinic", "n.o", "nurse")))
                .contentType(ContentType.JSON)
                .body(Map.of("chair", "1"))
                .put("/api/v1/monitors/" + bed.device())
                .then()
                .statusCode(201);
        String ack = send(Mllp.vitals(bed.device(), "MSG-TWO", 120, 80));
        assertEquals("AE", Mllp.field(ack, "MSA", 1), ack);
        assertTrue(Mllp.field(ack, "MSA", 3).contains("more than one clinic"), ack);
        assertEquals(0, readings(bed.session()));
    }

    @Test
    void malformedInputIsARAndTheListenerKeepsAnswering() throws Exception {
        Bed bed = bed();
        try (Mllp mllp = new Mllp(listener.port())) {
            // Bytes outside any frame.
            mllp.sendRaw("hello there\r".getBytes(StandardCharsets.US_ASCII));
            String garbage = mllp.readFrame();
            assertEquals("AR", Mllp.field(garbage, "MSA", 1), garbage);
            // A frame that is not HL7.
            String notHl7 = mllp.send("this is not HL7");
            assertEquals("AR", Mllp.field(notHl7, "MSA", 1), notHl7);
            // HL7 that HAPI cannot read.
            String broken = mllp.send("MSH|^~\\&|A|B\rPID|1");
            assertEquals("AR", Mllp.field(broken, "MSA", 1), broken);
            // Another message type.
            String adt =
                    mllp.send("MSH|^~\\&|A|B|C|D|20260101120000||ADT^A01^ADT_A01|ADT-1|P|2.6\rEVN|A01|20260101120000\r"
                            + "PID|||1^^^H^PI||Doe^Jane\rPV1||I\r");
            assertEquals("AR", Mllp.field(adt, "MSA", 1), adt);
            assertEquals("ADT-1", Mllp.field(adt, "MSA", 2));
            assertTrue(Mllp.field(adt, "ERR", 3).startsWith("200"), adt);
            // And the connection still records.
            assertEquals("AA", Mllp.field(mllp.send(Mllp.vitals(bed.device(), "AFTER-1", 120, 80)), "MSA", 1));
        }
        // A frame over the limit: AR, and that connection is closed; others go on.
        try (Mllp mllp = new Mllp(listener.port())) {
            String huge = "MSH|^~\\&|A|B|C|D|20260101||ORU^R01|BIG|P|2.6\r" + "NTE|1||" + "x".repeat(70_000) + "\r";
            String ack = mllp.send(huge);
            assertEquals("AR", Mllp.field(ack, "MSA", 1), ack);
            assertTrue(mllp.closedWithin(5_000));
        }
        assertEquals("AA", Mllp.field(send(Mllp.vitals(bed.device(), "AFTER-2", 120, 80)), "MSA", 1));
        assertEquals(2, readings(bed.session()));
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Mllp mllp = new Mllp(listener.port())) {
            long start = System.nanoTime();
            assertTrue(mllp.closedWithin(10_000), "the idle connection was not closed");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds >= 2, "closed after " + seconds + " s, before the idle timeout (PT3S in tests)");
        }
    }

    @Test
    void connectionsOverTheCapAreClosed() throws Exception {
        Bed bed = bed();
        List<Mllp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                open.add(new Mllp(listener.port()));
            }
            Thread.sleep(500);
            int closed = 0;
            for (Mllp mllp : open) {
                if (mllp.closedWithin(50)) {
                    closed++;
                }
            }
            // The test profile caps connections at 40.
            assertTrue(closed >= 10, closed + " of 50 connections closed");
        } finally {
            for (Mllp mllp : open) {
                mllp.close();
            }
        }
        Thread.sleep(300);
        assertEquals("AA", Mllp.field(send(Mllp.vitals(bed.device(), "AFTER-CAP", 120, 80)), "MSA", 1));
    }

    @Test
    void aDeviceNeverActsInAnHttpRequest() {
        // DeviceCaller refuses to run in an active request context, as every HTTP request has.
        io.quarkus.arc.ManagedContext requests = io.quarkus.arc.Arc.container().requestContext();
        requests.activate();
        try {
            var caller = io.quarkus.arc.Arc.container()
                    .instance(org.infusiontracker.security.DeviceCaller.class)
                    .get();
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class, () -> caller.actAs(TestTokens.CLINIC, "X", () -> "acted"));
            assertFalse(refused.getMessage().isBlank());
        } finally {
            requests.terminate();
        }
    }

    @Test
    void monitorsReadingsShowOnTheSession() throws Exception {
        Bed bed = bed();
        send(Mllp.vitals(bed.device(), "MSG-VIEW", 131, 84));
        given().get("/api/v1/sessions/" + bed.session())
                .then()
                .statusCode(200)
                .body("chair", equalTo(bed.chair()))
                .body("latestReading.systolic", equalTo(131))
                .body("latestReading.source", containsString("monitor:"));
    }
}
