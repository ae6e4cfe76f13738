package org.infusiontracker.monitors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A monitor's side of MLLP for the tests: frames out, ACKs in, and ORU^R01 messages to send. */
final class Mllp implements AutoCloseable {

    static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private final Socket socket;
    private final InputStream in;

    Mllp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
    }

    /** Sends the message framed and answers the ACK's text (null when the connection closed instead). */
    String send(String message) throws IOException {
        sendRaw(frame(message));
        return readFrame();
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Whether the server closed the connection, waiting at most {@code millis} for it. */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    String readFrame() throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != 0x0B);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean end = false;
        while ((b = in.read()) >= 0) {
            if (end && b == 0x0D) {
                return body.toString(StandardCharsets.UTF_8);
            }
            if (end) {
                body.write(0x1C);
            }
            end = b == 0x1C;
            if (!end) {
                body.write(b);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = 0x0B;
        System.arraycopy(body, 0, out, 1, body.length);
        out[body.length + 1] = 0x1C;
        out[body.length + 2] = 0x0D;
        return out;
    }

    /** Field {@code n} of the ACK's segment {@code name} (MSA-1 is field(ack, "MSA", 1)). */
    static String field(String ack, String name, int n) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(name + "|")) {
                String[] fields = segment.split("\\|", -1);
                // MSH-1 is the separator itself: MSH-n is piece n-1.
                int index = name.equals("MSH") ? n - 1 : n;
                return fields.length > index ? fields[index] : "";
            }
        }
        return null;
    }

    static String time(OffsetDateTime at) {
        return at.format(HL7_TIME);
    }

    /** One observation: code (OBX-3), value (OBX-5), unit (OBX-6), time (OBX-14), device (OBX-18). */
    record Obx(String code, String value, String unit, String time, String device) {
        static Obx of(String code, String value, String device) {
            return new Obx(code, value, "", "", device);
        }
    }

    /** An ORU^R01 as a PCD-01 monitor sends it. */
    static String oru(String sendingApp, String controlId, String messageTime, String obrTime, List<Obx> observations) {
        StringBuilder m = new StringBuilder();
        m.append("MSH|^~\\&|")
                .append(sendingApp)
                .append("|ICU|INFUSION-TRACKER||")
                .append(messageTime)
                .append("||ORU^R01^ORU_R01|")
                .append(controlId)
                .append("|P|2.6|||NE|AL\r");
        m.append("PID|||P1^^^H^PI||Doe^John\r");
        m.append("OBR|1|||182777000^monitoring of patient^SCT|||")
                .append(obrTime)
                .append("\r");
        int set = 0;
        for (Obx o : observations) {
            String[] f = new String[19];
            Arrays.fill(f, "");
            f[0] = "OBX";
            f[1] = Integer.toString(++set);
            f[2] = "NM";
            f[3] = o.code() + "^^MDC";
            f[5] = o.value();
            f[6] = o.unit();
            f[11] = "R";
            f[14] = o.time();
            f[18] = o.device() == null ? "" : o.device() + "^EUI-64";
            m.append(String.join("|", f)).append("\r");
        }
        return m.toString();
    }

    /** Blood pressure, heart rate, SpO2 and respiratory rate of one device, measured now. */
    static String vitals(String device, String controlId, int systolic, int diastolic) {
        String now = time(OffsetDateTime.now(ZoneOffset.UTC));
        List<Obx> obx = new ArrayList<>();
        obx.add(new Obx("150021", Integer.toString(systolic), "266016^MDC_DIM_MMHG^MDC", now, device));
        obx.add(new Obx("150022", Integer.toString(diastolic), "266016^MDC_DIM_MMHG^MDC", now, device));
        obx.add(new Obx("147842", "72", "264864^MDC_DIM_BEAT_PER_MIN^MDC", now, device));
        obx.add(new Obx("150456", "98", "262688^MDC_DIM_PERCENT^MDC", now, device));
        obx.add(new Obx("151562", "14", "264928^MDC_DIM_RESP_PER_MIN^MDC", now, device));
        return oru("MONITOR", controlId, now, now, obx);
    }
}
