package org.infusiontracker.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
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

    static final List<String> COLUMNS = List.of(
            "at",
            "kind",
            "drug",
            "ndc",
            "lotNumber",
            "containerId",
            "entryId",
            "amountMg",
            "balanceAfterMg",
            "varianceMg",
            "patientMrn",
            "sessionId",
            "by",
            "witness",
            "reason",
            "reverses",
            "supplier",
            "supplierDea",
            "invoice");

    private LogCsv() {}

    static String render(DispensingLog log) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (LogLine l : log.lines()) {
            List<String> cells = new ArrayList<>();
            cells.add(l.at().toString());
            cells.add(l.kind());
            cells.add(l.drug().name());
            cells.add(text(l.ndc()));
            cells.add(text(l.lotNumber()));
            cells.add(l.containerId().toString());
            cells.add(l.entryId() == null ? "" : l.entryId().toString());
            cells.add(number(l.amountMg()));
            cells.add(number(l.balanceAfterMg()));
            cells.add(number(l.varianceMg()));
            cells.add(text(l.patientMrn()));
            cells.add(l.sessionId() == null ? "" : l.sessionId().toString());
            cells.add(text(l.by()));
            cells.add(text(l.witness()));
            cells.add(text(l.reason()));
            cells.add(l.reverses() == null ? "" : l.reverses().toString());
            cells.add(text(l.supplier()));
            cells.add(text(l.supplierDea()));
            cells.add(text(l.invoice()));
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
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
