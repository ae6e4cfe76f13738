package org.infusiontracker.monitors;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.api.ProblemException;
import org.infusiontracker.monitors.Monitors.Mapping;
import org.infusiontracker.monitors.Monitors.Stored;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.DeviceCaller;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;
import org.infusiontracker.vitals.VitalsApi.ReadingView;
import org.infusiontracker.vitals.VitalsApi.RecordReading;
import org.infusiontracker.vitals.VitalsService;
import org.jboss.logging.Logger;

/**
 * Records monitors' messages through the same path as an HTTP reading: the device's clinic and
 * chair, the chair's open session, the bean validation of {@link RecordReading}, then
 * {@link VitalsService#record} (its checks together, the rules, flags, the stream event and the
 * audit row), acting as {@code monitor:<device>} ({@link DeviceCaller}).
 *
 * <p>{@link #record} takes a list and answers one {@link Ack} each, so that a later version may
 * commit several monitors' messages in one transaction; today each message has a transaction of
 * its own, so that one refused message never undoes another.
 */
@ApplicationScoped
public class MonitorRecorder {

    private static final Logger LOG = Logger.getLogger(MonitorRecorder.class);

    private final Monitors monitors;
    private final SessionService sessions;
    private final VitalsService vitals;
    private final DeviceCaller devices;
    private final Validator validator;
    private final ClinicalTime time;

    MonitorRecorder(
            Monitors monitors,
            SessionService sessions,
            VitalsService vitals,
            DeviceCaller devices,
            Validator validator,
            ClinicalTime time) {
        this.monitors = monitors;
        this.sessions = sessions;
        this.vitals = vitals;
        this.devices = devices;
        this.validator = validator;
        this.time = time;
    }

    /** Each message stored (or found stored before) or refused, in order; one answer each. */
    public List<Ack> record(List<MonitorMessage> messages) {
        List<Ack> acks = new ArrayList<>(messages.size());
        for (MonitorMessage message : messages) {
            acks.add(record(message));
        }
        return acks;
    }

    private Ack record(MonitorMessage message) {
        String device = message.deviceId();
        if (!Monitors.DEVICE_ID.matcher(device).matches()) {
            return Ack.error(Ack.UNKNOWN_KEY, "unknown device " + Hl7Codec.escape(cut(device)));
        }
        List<Mapping> mappings;
        try {
            mappings = QuarkusTransaction.requiringNew().call(() -> monitors.resolve(device));
        } catch (RuntimeException e) {
            LOG.warnf(e, "The mapping of monitor %s could not be read", device);
            return Ack.rejected(Ack.INTERNAL_ERROR, "not processed (the service cannot reach its database); resend");
        }
        if (mappings.isEmpty()) {
            return Ack.error(
                    Ack.UNKNOWN_KEY,
                    "unknown device " + device + ": map it to a chair (PUT /api/v1/monitors/" + device + ")");
        }
        if (mappings.size() > 1) {
            return Ack.error(
                    Ack.UNKNOWN_KEY,
                    "device " + device + " is mapped in more than one clinic; its messages cannot be placed");
        }
        Mapping mapping = mappings.get(0);
        try {
            return devices.actAs(
                    mapping.clinicId(),
                    device,
                    () -> QuarkusTransaction.requiringNew().call(() -> store(message, mapping)));
        } catch (RuntimeException e) {
            ProblemException problem = problemIn(e);
            if (problem != null) {
                return Ack.error(problem.status() == 404 ? Ack.UNKNOWN_KEY : Ack.DATA_TYPE_ERROR, reason(problem));
            }
            if (isDuplicate(e)) {
                // A twin of the message (same device and control id) was stored meanwhile: its answer.
                Optional<Ack> stored = replay(message, mapping);
                if (stored.isPresent()) {
                    return stored.get();
                }
            }
            LOG.warnf(e, "Message %s of monitor %s was not stored", message.controlId(), device);
            return Ack.rejected(
                    Ack.INTERNAL_ERROR, "not stored (" + e.getClass().getSimpleName() + "); resend");
        }
    }

    private Ack store(MonitorMessage message, Mapping mapping) {
        Optional<Stored> before = monitors.stored(message.deviceId(), message.controlId());
        if (before.isPresent()) {
            return Ack.accepted(before.get().readingId(), before.get().acknowledgedAt());
        }
        InfusionSession session =
                sessions.openInChair(mapping.chair()).orElseThrow(() -> new NoOpenSession(mapping.chair()));
        validate(message.reading());
        ReadingView reading = vitals.record(session.id, message.reading());
        var at = time.now();
        monitors.remember(message.deviceId(), message.controlId(), reading.id(), at);
        return Ack.accepted(reading.id(), at);
    }

    private Optional<Ack> replay(MonitorMessage message, Mapping mapping) {
        try {
            return devices.actAs(
                    mapping.clinicId(),
                    message.deviceId(),
                    () -> QuarkusTransaction.requiringNew()
                            .call(() -> monitors.stored(message.deviceId(), message.controlId())
                                    .map(s -> Ack.accepted(s.readingId(), s.acknowledgedAt()))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The bean validation the HTTP API applies to the body ({@code @Valid}), with its field names. */
    private void validate(RecordReading reading) {
        Set<ConstraintViolation<RecordReading>> violations = validator.validate(reading);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations.stream()
                    .map(v -> new Violation(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(Violation::field))
                    .toList());
        }
    }

    /** The chair has no session planned, dosing or in observation. */
    static final class NoOpenSession extends ProblemException {
        NoOpenSession(String chair) {
            super(404, "No open session", "chair " + chair + " has no open session");
        }
    }

    /** A refusal as the API would word it: its detail, and each field with its message. */
    private static String reason(ProblemException e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.title() : e.getMessage());
        for (Violation v : e.violations() == null ? List.<Violation>of() : e.violations()) {
            text.append("; ").append(v.field()).append(": ").append(v.message());
        }
        return text.toString();
    }

    private static ProblemException problemIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
