package org.infusiontracker.monitors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.infusiontracker.Fixtures;
import org.junit.jupiter.api.Test;

/** bench/MonitorSimulator.java against the test instance: a short run of a few monitors, every ACK an AA. */
@QuarkusTest
class MonitorSimulatorTest {

    @Inject
    MllpListener listener;

    @Test
    void theSimulatedMonitorsReadingsReachTheirSessionsAndTheRules() throws Exception {
        String prefix = "SIMT" + UUID.randomUUID().toString().substring(0, 6) + "-";
        int monitors = 3;
        List<String> sessions = new ArrayList<>();
        for (int i = 1; i <= monitors; i++) {
            String chair = prefix + "chair-" + i;
            String session = MonitorListenerTest.sessionInChair(chair);
            Fixtures.startDosing(session, Map.of("at", Fixtures.ago(10))).statusCode(200);
            MonitorListenerTest.map(prefix + i, chair);
            sessions.add(session);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process simulator = new ProcessBuilder(
                        java,
                        "bench/MonitorSimulator.java",
                        "--port",
                        Integer.toString(listener.port()),
                        "--monitors",
                        Integer.toString(monitors),
                        "--prefix",
                        prefix,
                        "--interval",
                        "0",
                        "--duration",
                        "3",
                        "--abnormal-every",
                        "5")
                .redirectErrorStream(true)
                .start();
        String output = new String(simulator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(simulator.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, simulator.exitValue(), output);
        Map<String, String> figures = figures(output);
        long sent = Long.parseLong(figures.get("sent"));
        long aa = Long.parseLong(figures.get("aa"));
        assertTrue(sent >= monitors * 5L, output);
        assertEquals(sent, aa, output);
        assertEquals("0", figures.get("ae"), output);
        assertEquals("0", figures.get("ar"), output);
        assertEquals("0", figures.get("failed"), output);
        assertNotNull(figures.get("p99_ms"), output);
        long stored = 0;
        for (String session : sessions) {
            stored += Fixtures.readingCount(session);
        }
        assertEquals(aa, stored, output);
        // Every fifth message of a monitor carries 192/112: the severe blood pressure rule flagged it.
        List<String> rules = given().get("/api/v1/sessions/" + sessions.get(0) + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("ruleCode");
        assertTrue(rules.contains("BP_SEVERE"), rules.toString());
    }

    /** The last line's figures: {@code MLLP: sent=.. aa=.. ...}. */
    private static Map<String, String> figures(String output) {
        String line = output.lines()
                .filter(l -> l.startsWith("MLLP: "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no MLLP: line in\n" + output));
        Map<String, String> figures = new HashMap<>();
        for (String pair : line.substring("MLLP: ".length()).split(" ")) {
            String[] kv = pair.split("=", 2);
            figures.put(kv[0], kv[1]);
        }
        return figures;
    }
}
