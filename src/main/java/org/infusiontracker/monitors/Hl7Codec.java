package org.infusiontracker.monitors;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infusiontracker.vitals.VitalsApi.RecordReading;

/**
 * Reads a monitor's HL7 v2 message (IHE PCD-01 ORU^R01) into a reading, and writes the ACK.
 *
 * <p>HAPI's pipe parser reads the message into the v2.6 structures whatever version it names
 * (monitors send 2.5 or 2.6), without HAPI's validation: the service checks the values as the API
 * does. Not even HAPI's "no validation" rules run (they trim every primitive as it is set, an
 * eighth of the parse): each field read here is stripped where it is used. The parser and its context are built once; HAPI's parsers are thread-safe. The codes are
 * those of the IEEE 11073-10101 nomenclature (docs/monitors.md): an observation of another code is
 * ignored, a message without any mapped value is refused.
 */
@ApplicationScoped
public class Hl7Codec {

    static final String NIBP_SYSTOLIC = "150021";
    static final String NIBP_DIASTOLIC = "150022";
    static final String NIBP_MEAN = "150023";
    static final String ECG_HEART_RATE = "147842";
    static final String PULSE_RATE = "149530";
    static final String SPO2 = "150456";
    static final String RESPIRATORY_RATE = "151562";
    static final String BODY_TEMPERATURE = "150364";
    /** MDC_DIM_DEGC: the only temperature unit taken (an absent unit is read as it). */
    static final String DEGREES_CELSIUS = "268192";

    /** The reference ids by which a code may come instead (OBX-3.2). */
    private static final Map<String, String> BY_NAME = Map.of(
            "MDC_PRESS_BLD_NONINV_SYS", NIBP_SYSTOLIC,
            "MDC_PRESS_BLD_NONINV_DIA", NIBP_DIASTOLIC,
            "MDC_PRESS_BLD_NONINV_MEAN", NIBP_MEAN,
            "MDC_ECG_HEART_RATE", ECG_HEART_RATE,
            "MDC_PULS_OXIM_PULS_RATE", PULSE_RATE,
            "MDC_PULS_OXIM_SAT_O2", SPO2,
            "MDC_RESP_RATE", RESPIRATORY_RATE,
            "MDC_TEMP_BODY", BODY_TEMPERATURE);

    /** An HL7 DTM to the minute at least: YYYYMMDDHHMM[SS[.S[S[S[S]]]]][+/-ZZZZ]. */
    private static final Pattern DTM =
            Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?([+-]\\d{4})?");

    private static final DateTimeFormatter ACK_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneOffset.UTC);

    private final PipeParser parser;

    Hl7Codec() {
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.6"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setValidating(false);
        this.parser = context.getPipeParser();
    }

    /** The fields of the received MSH that the ACK repeats, read without a parser (so garbage gets an ACK too). */
    public record Header(String sendingApplication, String sendingFacility, String controlId) {

        static final Header NONE = new Header("", "", "");

        static Header of(String text) {
            if (text.length() < 8 || !text.startsWith("MSH")) {
                return NONE;
            }
            int end = text.indexOf('\r');
            String msh = end < 0 ? text : text.substring(0, end);
            String[] fields = msh.split(Pattern.quote(String.valueOf(msh.charAt(3))), -1);
            return new Header(field(fields, 3), field(fields, 4), field(fields, 10));
        }

        /** MSH-n: the field separator itself is MSH-1, so MSH-n is the n-1th piece. */
        private static String field(String[] fields, int n) {
            return fields.length > n - 1 ? fields[n - 1] : "";
        }
    }

    /** A message read: either the monitor's reading, or the answer that refuses it. */
    public record Inbound(Header header, MonitorMessage message, Ack refusal) {}

    /** Reads one frame's text (segments ended by CR; LF is taken too). */
    public Inbound read(String received) {
        String text = received.replace("\r\n", "\r").replace('\n', '\r').strip();
        Header header = Header.of(text);
        if (header == Header.NONE) {
            return refused(header, Ack.rejected(Ack.SEGMENT_ERROR, "not an HL7 v2 message: no MSH segment"));
        }
        Message parsed;
        try {
            parsed = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            return refused(header, Ack.rejected(Ack.SEGMENT_ERROR, "unreadable HL7: " + cut(e.getMessage())));
        }
        if (!(parsed instanceof ORU_R01 oru)) {
            return refused(
                    header,
                    Ack.rejected(
                            Ack.UNSUPPORTED_MESSAGE,
                            "only ORU^R01 is taken, not " + parsed.getName() + " (" + messageType(text) + ")"));
        }
        try {
            return read(header, oru);
        } catch (HL7Exception | RuntimeException e) {
            return refused(header, Ack.rejected(Ack.SEGMENT_ERROR, "unreadable ORU^R01: " + cut(e.getMessage())));
        }
    }

    private Inbound read(Header header, ORU_R01 oru) throws HL7Exception {
        // Without its leading blanks, as HAPI's trimming of a text field (ST) stored it before.
        String controlId = oru.getMSH().getMsh10_MessageControlID().getValue();
        controlId = controlId == null ? null : controlId.stripLeading();
        if (controlId == null || controlId.isBlank()) {
            return refused(header, Ack.rejected(Ack.SEGMENT_ERROR, "MSH-10 (message control id) is required"));
        }
        String device = null;
        String timeOfFirstValue = null;
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (ORU_R01_PATIENT_RESULT result : oru.getPATIENT_RESULTAll()) {
            for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                String orderTime = order.getOBR().getObr7_ObservationDateTime().getValue();
                for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
                    OBX obx = observation.getOBX();
                    if (device == null) {
                        device = deviceOf(obx);
                    }
                    String code = code(obx.getObx3_ObservationIdentifier());
                    if (code == null || values.containsKey(code) || !usable(obx, code)) {
                        continue;
                    }
                    String value = valueOf(obx);
                    if (value == null || value.isBlank()) {
                        continue;
                    }
                    try {
                        values.put(code, new BigDecimal(value.strip()));
                    } catch (NumberFormatException e) {
                        return refused(
                                header,
                                Ack.error(Ack.DATA_TYPE_ERROR, "OBX-5 of " + code + " is not a number: " + cut(value)));
                    }
                    if (timeOfFirstValue == null) {
                        String obxTime = obx.getObx14_DateTimeOfTheObservation().getValue();
                        timeOfFirstValue = present(obxTime) ? obxTime : orderTime;
                    }
                }
            }
        }
        if (device == null) {
            device = oru.getMSH()
                    .getMsh3_SendingApplication()
                    .getHd1_NamespaceID()
                    .getValue();
        }
        if (values.isEmpty()) {
            return refused(
                    header,
                    Ack.error(
                            Ack.VALUE_NOT_FOUND,
                            "no observation of a mapped code (NIBP 150021/150022, heart rate 147842 or 149530, SpO2 "
                                    + "150456, respiratory rate 151562, body temperature 150364)"));
        }
        if (device == null || device.isBlank()) {
            return refused(header, Ack.error(Ack.UNKNOWN_KEY, "no device id (OBX-18, else MSH-3)"));
        }
        String time = present(timeOfFirstValue)
                ? timeOfFirstValue
                : oru.getMSH().getMsh7_DateTimeOfMessage().getValue();
        OffsetDateTime measuredAt = null;
        if (present(time)) {
            measuredAt = time(time);
            if (measuredAt == null) {
                return refused(
                        header,
                        Ack.error(
                                Ack.DATA_TYPE_ERROR,
                                "the time measured (OBX-14, else OBR-7, else MSH-7) is not a time to the minute: "
                                        + cut(time)));
            }
        }
        return new Inbound(header, new MonitorMessage(device.strip(), controlId, reading(values, measuredAt)), null);
    }

    /** The reading the values make; ECG heart rate is preferred to the oximeter's pulse rate. */
    private static RecordReading reading(Map<String, BigDecimal> values, OffsetDateTime measuredAt) {
        BigDecimal heart = values.containsKey(ECG_HEART_RATE) ? values.get(ECG_HEART_RATE) : values.get(PULSE_RATE);
        BigDecimal temperature = values.get(BODY_TEMPERATURE);
        return new RecordReading(
                measuredAt,
                whole(values.get(NIBP_SYSTOLIC)),
                whole(values.get(NIBP_DIASTOLIC)),
                whole(heart),
                whole(values.get(SPO2)),
                whole(values.get(RESPIRATORY_RATE)),
                temperature == null ? null : temperature.setScale(2, RoundingMode.HALF_UP),
                null,
                null,
                null,
                null,
                null);
    }

    /** A value rounded to a whole number; one beyond any int stays beyond the limits, to be refused there. */
    private static Integer whole(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal rounded = value.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return Integer.MAX_VALUE;
        }
        if (rounded.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return Integer.MIN_VALUE;
        }
        return rounded.intValue();
    }

    /** The mapped code of OBX-3 (by its number, else its MDC reference id), or null. */
    private static String code(CWE identifier) {
        String id = identifier.getCwe1_Identifier().getValue();
        if (id != null && BY_NAME.containsValue(id.strip())) {
            return id.strip();
        }
        String name = identifier.getCwe2_Text().getValue();
        return name == null ? null : BY_NAME.get(name.strip());
    }

    /**
     * Whether the observation counts: not marked as not obtained, deleted or wrong (OBX-11 X, D, W),
     * and a temperature in degrees Celsius. NIBP mean has no field of its own and is left out.
     */
    private static boolean usable(OBX obx, String code) {
        String status = stripped(obx.getObx11_ObservationResultStatus().getValue());
        if (status != null && (status.equals("X") || status.equals("D") || status.equals("W"))) {
            return false;
        }
        if (code.equals(NIBP_MEAN)) {
            return false;
        }
        if (code.equals(BODY_TEMPERATURE)) {
            String unit = obx.getObx6_Units().getCwe1_Identifier().getValue();
            String unitName = stripped(obx.getObx6_Units().getCwe2_Text().getValue());
            return !present(unit)
                    || unit.strip().equals(DEGREES_CELSIUS)
                    || unit.strip().equals("Cel")
                    || "MDC_DIM_DEGC".equals(unitName);
        }
        return true;
    }

    private static String valueOf(OBX obx) throws HL7Exception {
        if (obx.getObx5_ObservationValueReps() == 0) {
            return null;
        }
        Type data = obx.getObx5_ObservationValue(0).getData();
        return data instanceof Primitive primitive ? primitive.getValue() : data.encode();
    }

    private static String deviceOf(OBX obx) {
        for (int i = 0; i < obx.getObx18_EquipmentInstanceIdentifierReps(); i++) {
            String id = obx.getObx18_EquipmentInstanceIdentifier(i)
                    .getEi1_EntityIdentifier()
                    .getValue();
            if (present(id)) {
                return id;
            }
        }
        return null;
    }

    /**
     * An HL7 time to the minute at least, with its offset; one without an offset is read in the
     * service's time zone (HL7 leaves it to the sender's local time). Null when it is not one.
     */
    static OffsetDateTime time(String text) {
        Matcher m = DTM.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    nanos);
            if (m.group(8) == null) {
                return local.atZone(ZoneId.systemDefault()).toOffsetDateTime();
            }
            String offset = m.group(8);
            return local.atOffset(ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The ACK of a message (HL7 v2.6 original mode): MSH, MSA, and ERR when refused. */
    public String ack(Header header, Ack ack) {
        String id = ack.readingId() != null
                ? ack.readingId().toString()
                : UUID.randomUUID().toString();
        StringBuilder out = new StringBuilder(256);
        out.append("MSH|^~\\&|INFUSION-TRACKER||")
                .append(header.sendingApplication())
                .append('|')
                .append(header.sendingFacility())
                .append('|')
                .append(ACK_TIME.format(ack.at() == null ? Instant.now() : ack.at()))
                .append("||ACK^R01^ACK|")
                .append(id)
                .append("|P|2.6\r");
        out.append("MSA|")
                .append(ack.code())
                .append('|')
                .append(header.controlId())
                .append('|')
                .append(escape(ack.text()))
                .append('\r');
        if (ack.error() != null) {
            out.append("ERR|||")
                    .append(ack.error())
                    .append("^^HL70357|E||||")
                    .append(escape(ack.text()))
                    .append('\r');
        }
        return out.toString();
    }

    /** Text in a field: the delimiters escaped as HL7 asks, line ends as spaces. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\E\\");
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '&' -> out.append("\\T\\");
                case '~' -> out.append("\\R\\");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String messageType(String text) {
        String[] fields = text.substring(0, Math.max(0, text.indexOf('\r') < 0 ? text.length() : text.indexOf('\r')))
                .split("\\|", -1);
        return fields.length > 8 ? cut(fields[8]) : "no MSH-9";
    }

    private static Inbound refused(Header header, Ack ack) {
        return new Inbound(header, null, ack);
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    private static String stripped(String text) {
        return text == null ? null : text.strip();
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
