package org.infusiontracker.rems;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.infusiontracker.rems.RemsFormApi.BloodPressure;
import org.infusiontracker.rems.RemsFormApi.ConcomitantMedications;
import org.infusiontracker.rems.RemsFormApi.Observed;
import org.infusiontracker.rems.RemsFormApi.RemsForm;
import org.infusiontracker.rems.RemsFormApi.SeriousEvent;

/**
 * The form on one printable Letter page, for the clinic's fax or archive: the same content as the
 * JSON, in the paper form's order. Text only, in a standard PDF font, so any reader shows it and
 * text can be read back from it.
 */
final class RemsFormPdf {

    static final String MEDIA_TYPE = "application/pdf";

    private static final float MARGIN = 54;
    private static final float SIZE = 10;
    private static final float TITLE_SIZE = 14;
    private static final float LEADING = 14;
    private static final int WRAP_AT = 100;

    private RemsFormPdf() {}

    static byte[] render(RemsForm form) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument pdf = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            pdf.addPage(page);
            pdf.getDocumentInformation().setTitle("SPRAVATO REMS Patient Monitoring Form");
            try (PDPageContentStream text = new PDPageContentStream(pdf, page)) {
                text.beginText();
                text.newLineAtOffset(MARGIN, page.getMediaBox().getHeight() - MARGIN);
                text.setFont(bold, TITLE_SIZE);
                text.showText("SPRAVATO REMS Patient Monitoring Form");
                text.setLeading(LEADING);
                text.newLine();
                text.newLine();
                for (String line : lines(form)) {
                    boolean heading = line.startsWith("# ");
                    text.setFont(heading ? bold : regular, SIZE);
                    for (String part : wrap(heading ? line.substring(2) : line)) {
                        text.showText(printable(part));
                        text.newLine();
                    }
                }
                text.endText();
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The form's lines; a line starting with "# " is a heading. */
    static List<String> lines(RemsForm f) {
        List<String> lines = new ArrayList<>();
        lines.add("Status: " + f.status() + "    Due by: " + or(f.dueBy()) + "    Complete: " + yesNo(f.complete()));
        lines.add("Session: " + f.sessionId());
        lines.add("# Patient");
        lines.add("Name: " + f.patient().displayName() + "    MRN: "
                + f.patient().mrn() + "    Birth year: " + or(f.patient().birthYear()));
        lines.add("First treatment: " + yesNo(f.firstTreatment()));
        lines.add("# Treatment");
        lines.add("Treatment date: " + or(f.treatmentDate()) + "    Dose administered: "
                + (f.doseMg() == null ? "-" : f.doseMg().toPlainString() + " mg") + "    Devices: " + or(f.devices())
                + "    Lot number: " + or(f.lotNumber()));
        ConcomitantMedications m = f.concomitantMedications();
        lines.add("Concomitant medications: benzodiazepines " + yesNo(m.benzodiazepines())
                + "; non-benzodiazepine sedative hypnotics " + yesNo(m.nonBenzodiazepineSedativeHypnotics())
                + "; psychostimulants " + yesNo(m.psychostimulants()) + "; MAOIs " + yesNo(m.maois())
                + "; opioids " + yesNo(m.opioids()));
        lines.add("# Vital signs");
        lines.add("Blood pressure prior to administration: "
                + pressure(f.bloodPressure().predose()));
        lines.add("Blood pressure 40 minutes post-administration: "
                + pressure(f.bloodPressure().postdose40()));
        lines.add("Blood pressure prior to session completion: "
                + pressure(f.bloodPressure().beforeLeaving()));
        lines.add("Vital signs in acceptable range before administration: "
                + yesNo(f.vitalSignsAcceptable().predose()) + "    before session completion: "
                + yesNo(f.vitalSignsAcceptable().beforeLeaving()));
        lines.add("# Events");
        lines.add("Sedation: " + observed(f.sedation()));
        lines.add("Dissociation: " + observed(f.dissociation()));
        lines.add("Respiratory depression: " + observed(f.respiratoryDepression()));
        lines.add("Serious adverse events: " + (f.seriousAdverseEvents().isEmpty() ? "none" : ""));
        for (SeriousEvent e : f.seriousAdverseEvents()) {
            lines.add("  " + e.type() + ", grade " + e.grade() + ", onset " + e.onsetAt() + ", outcome "
                    + or(e.outcome()) + (e.description() == null ? "" : ": " + e.description()));
        }
        lines.add("# Monitoring");
        lines.add(
                "Total monitoring time (minutes from first device to end of monitoring): " + or(f.monitoringMinutes()));
        lines.add("Without the 2-hour rule, ready to leave after (minutes): " + or(f.minutesUntilReadyToLeave()));
        lines.add("Monitoring clinician: " + or(f.monitoringClinician()));
        if (!f.missing().isEmpty()) {
            lines.add("# Missing");
            lines.add(String.join(", ", f.missing()));
            f.missingReasons().forEach((field, reason) -> lines.add(field + ": " + reason));
        }
        lines.add("# Submission");
        lines.add(
                f.submittedAt() == null
                        ? "Not submitted"
                        : "Submitted by " + f.submittedBy() + " at " + f.submittedAt()
                                + (f.submissionNote() == null ? "" : ": " + f.submissionNote()));
        return lines;
    }

    private static String pressure(BloodPressure bp) {
        return bp == null ? "-" : bp.systolic() + "/" + bp.diastolic() + " mmHg at " + bp.measuredAt();
    }

    private static String observed(Observed o) {
        return yesNo(o.occurred()) + (o.details() == null ? "" : " (" + o.details() + ")");
    }

    private static String yesNo(Boolean value) {
        return value == null ? "-" : value ? "yes" : "no";
    }

    private static String or(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static List<String> wrap(String line) {
        List<String> parts = new ArrayList<>();
        String rest = line;
        while (rest.length() > WRAP_AT) {
            int cut = rest.lastIndexOf(' ', WRAP_AT);
            cut = cut <= 0 ? WRAP_AT : cut;
            parts.add(rest.substring(0, cut));
            rest = "    " + rest.substring(cut).strip();
        }
        parts.add(rest);
        return parts;
    }

    /** The standard font encodes Latin-1 at most; anything else is shown as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c <= 0x7e || c >= 0xa0 && c <= 0xff ? (char) c : '?'));
        return out.toString();
    }
}
