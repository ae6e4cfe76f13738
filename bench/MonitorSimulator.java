import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays bedside monitors sending IHE PCD-01 ORU^R01 messages over MLLP to the service's HL7 listener
 * (docs/monitors.md). JDK only, one file: {@code java bench/MonitorSimulator.java [options]}.
 *
 * <pre>
 *   --host 127.0.0.1      the listener's address
 *   --port 2575           its port
 *   --monitors 200        monitors, each on its own connection: device ids PREFIX1 .. PREFIXN
 *   --prefix SIM-         the device ids' prefix
 *   --interval 5          seconds between a monitor's messages (0: as fast as the ACKs return)
 *   --duration 60         seconds to run
 *   --abnormal-every 20   every Nth message of a monitor carries a value out of range (a flag); 0: never
 * </pre>
 *
 * The values walk around a calm patient's (blood pressure, ECG heart rate, SpO2, respiratory rate,
 * now and then a temperature). The last line is machine-readable:
 * {@code MLLP: monitors=.. sent=.. aa=.. ae=.. ar=.. failed=.. seconds=.. rate=.. p50_ms=.. p99_ms=..}
 * (failed: no answer, the connection broke; rate: ACKs per second).
 */
public class MonitorSimulator {

    private static final byte START = 0x0B;
    private static final byte END = 0x1C;
    private static final byte CR = 0x0D;
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    private static final AtomicLong SENT = new AtomicLong();
    private static final AtomicLong AA = new AtomicLong();
    private static final AtomicLong AE = new AtomicLong();
    private static final AtomicLong AR = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final List<Long> LATENCIES_NANOS = Collections.synchronizedList(new ArrayList<>());
    /** Part of every control id (MSH-10), so that a second run's messages are new ones, not repeats. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(options.getOrDefault("port", "2575"));
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "200"));
        String prefix = options.getOrDefault("prefix", "SIM-");
        double interval = Double.parseDouble(options.getOrDefault("interval", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "60"));
        int abnormalEvery = Integer.parseInt(options.getOrDefault("abnormal-every", "20"));

        long start = System.nanoTime();
        long deadline = start + (long) (duration * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= monitors; i++) {
            String device = prefix + i;
            long seed = i;
            Thread t = new Thread(() -> play(host, port, device, seed, interval, deadline, abnormalEvery), device);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> latencies;
        synchronized (LATENCIES_NANOS) {
            latencies = new ArrayList<>(LATENCIES_NANOS);
        }
        Collections.sort(latencies);
        long answered = AA.get() + AE.get() + AR.get();
        System.out.println(String.format(
                Locale.ROOT,
                "MLLP: monitors=%d sent=%d aa=%d ae=%d ar=%d failed=%d seconds=%.1f rate=%.1f p50_ms=%.1f p99_ms=%.1f",
                monitors,
                SENT.get(),
                AA.get(),
                AE.get(),
                AR.get(),
                FAILED.get(),
                seconds,
                answered / seconds,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99)));
    }

    /** One monitor: its connection, a message at each interval, each ACK awaited before the next message. */
    private static void play(
            String host, int port, String device, long seed, double interval, long deadline, int abnormalEvery) {
        Random random = new Random(seed);
        Patient patient = new Patient(random);
        int seq = 0;
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            // Buffered: the frame is read a byte at a time, and each read of the socket itself is a system call.
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            while (System.nanoTime() < deadline) {
                seq++;
                boolean abnormal = abnormalEvery > 0 && seq % abnormalEvery == 0;
                String message = patient.next(device, device + "-" + RUN + "-" + seq, abnormal);
                long sent = System.nanoTime();
                out.write(frame(message));
                out.flush();
                SENT.incrementAndGet();
                String ack = readFrame(in);
                if (ack == null) {
                    FAILED.incrementAndGet();
                    return;
                }
                LATENCIES_NANOS.add(System.nanoTime() - sent);
                switch (ackCode(ack)) {
                    case "AA" -> AA.incrementAndGet();
                    case "AE" -> AE.incrementAndGet();
                    default -> AR.incrementAndGet();
                }
                if (interval > 0) {
                    long sleepMillis = Math.min((long) (interval * 1000), (deadline - System.nanoTime()) / 1_000_000);
                    if (sleepMillis > 0) {
                        Thread.sleep(sleepMillis);
                    }
                }
            }
        } catch (IOException e) {
            FAILED.incrementAndGet();
            System.err.println(device + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A patient's values, walking slowly; an abnormal message has a severe blood pressure and a low SpO2. */
    private static final class Patient {
        private final Random random;
        private double systolic = 118;
        private double diastolic = 76;
        private double heartRate = 72;
        private double spo2 = 98;
        private double respiratoryRate = 14;

        Patient(Random random) {
            this.random = random;
            systolic += random.nextInt(15);
            heartRate += random.nextInt(10);
        }

        String next(String device, String controlId, boolean abnormal) {
            systolic = walk(systolic, 105, 140, 2);
            diastolic = walk(diastolic, 62, 88, 1.5);
            heartRate = walk(heartRate, 58, 95, 2);
            spo2 = walk(spo2, 95, 100, 0.5);
            respiratoryRate = walk(respiratoryRate, 11, 19, 0.7);
            long sys = Math.round(abnormal ? 192 : systolic);
            long dia = Math.round(abnormal ? 112 : diastolic);
            long sat = Math.round(abnormal ? 87 : spo2);
            String now = ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME);
            StringBuilder m = new StringBuilder(1024);
            m.append("MSH|^~\\&|").append(device).append("^").append(device).append("^EUI-64|SIM-FACILITY|INFUSION-TRACKER||")
                    .append(now).append("||ORU^R01^ORU_R01|").append(controlId)
                    .append("|P|2.6|||NE|AL|||||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r");
            m.append("PID|||").append(device).append("-PATIENT^^^SIM^PI||Simulated^Patient\r");
            m.append("OBR|1|").append(controlId).append("^SIM|").append(controlId)
                    .append("^SIM|182777000^monitoring of patient^SCT|||").append(now).append("\r");
            int n = 0;
            m.append(obx(++n, "69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC", "1", "", "", "", now, device));
            m.append(obx(++n, "150021^MDC_PRESS_BLD_NONINV_SYS^MDC", "1.1.1.1", "NM", Long.toString(sys), "266016^MDC_DIM_MMHG^MDC", now, device));
            m.append(obx(++n, "150022^MDC_PRESS_BLD_NONINV_DIA^MDC", "1.1.1.2", "NM", Long.toString(dia), "266016^MDC_DIM_MMHG^MDC", now, device));
            m.append(obx(++n, "150023^MDC_PRESS_BLD_NONINV_MEAN^MDC", "1.1.1.3", "NM", Long.toString((sys + 2 * dia) / 3), "266016^MDC_DIM_MMHG^MDC", now, device));
            m.append(obx(++n, "147842^MDC_ECG_HEART_RATE^MDC", "1.2.1.1", "NM", Long.toString(Math.round(heartRate)), "264864^MDC_DIM_BEAT_PER_MIN^MDC", now, device));
            m.append(obx(++n, "149530^MDC_PULS_OXIM_PULS_RATE^MDC", "1.3.1.2", "NM", Long.toString(Math.round(heartRate) + 1), "264864^MDC_DIM_BEAT_PER_MIN^MDC", now, device));
            m.append(obx(++n, "150456^MDC_PULS_OXIM_SAT_O2^MDC", "1.3.1.1", "NM", Long.toString(sat), "262688^MDC_DIM_PERCENT^MDC", now, device));
            m.append(obx(++n, "151562^MDC_RESP_RATE^MDC", "1.4.1.1", "NM", Long.toString(Math.round(respiratoryRate)), "264928^MDC_DIM_RESP_PER_MIN^MDC", now, device));
            if (random.nextInt(10) == 0) {
                String temperature = String.format(Locale.ROOT, "%.1f", 36.4 + random.nextInt(9) / 10.0);
                m.append(obx(++n, "150364^MDC_TEMP_BODY^MDC", "1.5.1.1", "NM", temperature, "268192^MDC_DIM_DEGC^MDC", now, device));
            }
            return m.toString();
        }

        private double walk(double value, double low, double high, double step) {
            double next = value + (random.nextDouble() * 2 - 1) * step;
            return Math.max(low, Math.min(high, next));
        }
    }

    /** OBX with its fields 1 to 18: value type, code, sub-id, value, unit, status R, time (14), device (18). */
    private static String obx(int set, String code, String subId, String type, String value, String unit, String time, String device) {
        String[] f = new String[19];
        java.util.Arrays.fill(f, "");
        f[0] = "OBX";
        f[1] = Integer.toString(set);
        f[2] = type;
        f[3] = code;
        f[4] = subId;
        f[5] = value;
        f[6] = unit;
        f[11] = type.isEmpty() ? "X" : "R";
        f[14] = time;
        f[18] = device + "^EUI-64";
        return String.join("|", f) + "\r";
    }

    private static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = START;
        System.arraycopy(body, 0, out, 1, body.length);
        out[body.length + 1] = END;
        out[body.length + 2] = CR;
        return out;
    }

    /** The next frame's text, or null when the connection ends first. */
    private static String readFrame(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != START);
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        boolean end = false;
        while ((b = in.read()) >= 0) {
            if (end && b == CR) {
                return body.toString(StandardCharsets.UTF_8);
            }
            if (end) {
                body.write(END);
            }
            end = b == END;
            if (!end) {
                body.write(b);
            }
        }
        return null;
    }

    /** MSA-1 of an ACK. */
    private static String ackCode(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > 1 ? fields[1] : "";
            }
        }
        return "";
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: java bench/MonitorSimulator.java [--host H] [--port P] [--monitors N] "
                        + "[--prefix SIM-] [--interval S] [--duration D] [--abnormal-every K]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
