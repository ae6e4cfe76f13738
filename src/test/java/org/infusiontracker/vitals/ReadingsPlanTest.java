package org.infusiontracker.vitals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.infusiontracker.sql.NamedSql;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statements that read a reading's neighbours run for every reading recorded: each of their
 * plans, the generic one a prepared statement settles on too, must look the session up in the
 * index, never read every session's readings. A generic plan of an earlier form (the parameters
 * in a common table joined to the readings) scanned the whole index once the plan was made on a
 * small table, and recording slowed with every reading stored.
 */
@QuarkusTest
class ReadingsPlanTest {

    @Inject
    DataSource db;

    @ParameterizedTest
    @ValueSource(strings = {"planned", "dosed", "picture"})
    void everyLookupOfReadingsIsAnIndexRangeOfOneSessionEvenInAGenericPlan(String statement) throws Exception {
        String plan = genericPlan(statement);
        int scans = count(plan, "Scan[^\\n]* on vital_reading");
        int bySession = count(plan, "Index Cond: \\(+session_id = \\$\\d+");
        assertTrue(scans > 0, plan);
        assertEquals(scans, bySession, "a scan of vital_reading not bound to the session:\n" + plan);
    }

    /**
     * Oxygen, consciousness and temperature are rare in readings: their latest value is looked up
     * in an index of the readings that carry one, not by walking every reading of the window
     * (hundreds of rows under a monitor that sends every few seconds).
     */
    @ParameterizedTest
    @ValueSource(strings = {"on_oxygen", "consciousness", "temperature"})
    void theRareParametersAreLookedUpInTheirOwnIndex(String parameter) throws Exception {
        for (String statement : new String[] {"planned", "dosed", "picture"}) {
            String plan = genericPlan(statement);
            assertEquals(
                    1,
                    count(plan, "using vital_reading_session_final_" + parameter + " on vital_reading"),
                    statement + ":\n" + plan);
        }
    }

    private String genericPlan(String statement) throws Exception {
        String sql = switch (statement) {
            case "planned" -> Readings.NEIGHBOURS_PLANNED.sql();
            case "dosed" -> Readings.NEIGHBOURS_DOSED.sql();
            default -> NamedSql.of(Readings.PICTURE_BEFORE).sql();
        };
        int parameters = 0;
        StringBuilder numbered = new StringBuilder();
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameters : String.valueOf(c));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("set plan_cache_mode = force_generic_plan");
            s.execute("prepare neighbours as " + numbered);
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= parameters; i++) {
                values.append(i == 1 ? "" : ", ").append("null");
            }
            try (ResultSet rows = s.executeQuery("explain execute neighbours(" + values + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            } finally {
                s.execute("deallocate neighbours");
                s.execute("reset plan_cache_mode");
            }
        }
        return plan.toString();
    }

    private static int count(CharSequence text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
