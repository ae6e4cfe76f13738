package org.infusiontracker.ledger;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.infusiontracker.ledger.LedgerApi.DispensingLog;
import org.infusiontracker.ledger.LedgerApi.LogLine;

/**
 * The dispensing record as CSV (RFC 4180) for an inspector: one line per receipt or entry. A text
 * cell that a spreadsheet would take for a formula (=, +, -, @ first) is written with a leading
 * apostrophe, so that a reason typed as a formula stays text.
 */
final class LogCsv {

    static final String MEDIA_TYPE = "text/csv";

    /** The columns are the components of {@link LogLine}, in its order: the JSON and the CSV cannot drift apart. */
    private static final RecordComponent[] COMPONENTS = LogLine.class.getRecordComponents();

    static final List<String> COLUMNS =
            Arrays.stream(COMPONENTS).map(RecordComponent::getName).toList();

    private LogCsv() {}

    static String render(DispensingLog log) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (LogLine line : log.lines()) {
            List<String> cells = new ArrayList<>(COMPONENTS.length);
            for (RecordComponent component : COMPONENTS) {
                cells.add(cell(value(component, line)));
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    private static Object value(RecordComponent component, LogLine line) {
        try {
            return component.getAccessor().invoke(line);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LogLine." + component.getName() + " cannot be read", e);
        }
    }

    /** Numbers plainly, free text guarded against spreadsheet formulas, ids and times as they print. */
    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal amount) {
            return number(amount);
        }
        if (value instanceof String free) {
            return text(free);
        }
        return value instanceof Enum<?> constant ? constant.name() : value.toString();
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
