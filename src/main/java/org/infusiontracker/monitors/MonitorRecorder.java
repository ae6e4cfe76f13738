package org.infusiontracker.monitors;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.api.ProblemException;
import org.infusiontracker.monitors.Monitors.Placement;
import org.infusiontracker.monitors.Monitors.Stored;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.DeviceCaller;
import org.infusiontracker.sql.GroupCommit;
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
 * <p>Messages are committed in groups ({@link GroupCommit}): under load, the messages of many
 * monitors that arrive together share one transaction and one commit, and each is acknowledged
 * only after it. What would refuse a message (an unknown device, a chair without an open session,
 * values or a time the API refuses, a message stored before) is found by reading, before the
 * message writes anything, and answered without disturbing the group; anything else that fails a
 * group makes each of its messages run again alone ({@link GroupCommit}), so that a refused message
 * never undoes another.
 */
@ApplicationScoped
public class MonitorRecorder {

    private static final Logger LOG = Logger.getLogger(MonitorRecorder.class);

    private final Monitors monitors;
    private final VitalsService vitals;
    private final DeviceCaller devices;
    private final Validator validator;
    private final ClinicalTime time;
    private final GroupCommit group;

    MonitorRecorder(
            Monitors monitors,
            VitalsService vitals,
            DeviceCaller devices,
            Validator validator,
            ClinicalTime time,
            GroupCommit group) {
        this.monitors = monitors;
        this.vitals = vitals;
        this.devices = devices;
        this.validator = validator;
        this.time = time;
        this.group = group;
    }

    /** The message stored (or found stored before) or refused: its answer, once committed. */
    public CompletionStage<Ack> record(MonitorMessage message) {
        String device = message.deviceId();
        if (!Monitors.DEVICE_ID.matcher(device).matches()) {
            return CompletableFuture.completedFuture(
                    Ack.error(Ack.UNKNOWN_KEY, "unknown device " + Hl7Codec.escape(cut(device))));
        }
        return group.submit(() -> placed(message))
                .handle((ack, failure) -> failure == null ? ack : failed(message, failure));
    }

    /** In the group's transaction: where the message goes, then the message stored as the device. */
    private Ack placed(MonitorMessage message) {
        String device = message.deviceId();
        List<Placement> placements = monitors.place(device, message.controlId());
        if (placements.isEmpty()) {
            return Ack.error(
                    Ack.UNKNOWN_KEY,
                    "unknown device " + device + ": map it to a chair (PUT /api/v1/monitors/" + device + ")");
        }
        if (placements.size() > 1) {
            return Ack.error(
                    Ack.UNKNOWN_KEY,
                    "device " + device + " is mapped in more than one clinic; its messages cannot be placed");
        }
        Placement placement = placements.get(0);
        return devices.actAs(placement.clinicId(), device, () -> store(message, placement));
    }

    /** Stores the message, or answers its refusal before anything is written. */
    private Ack store(MonitorMessage message, Placement placement) {
        if (placement.stored().isPresent()) {
            Stored before = placement.stored().get();
            return Ack.accepted(before.readingId(), before.acknowledgedAt());
        }
        if (placement.openSession().isEmpty()) {
            return Ack.error(Ack.UNKNOWN_KEY, "chair " + placement.chair() + " has no open session");
        }
        try {
            validate(message.reading());
        } catch (ProblemException refused) {
            return Ack.error(Ack.DATA_TYPE_ERROR, reason(refused));
        }
        ReadingView reading = vitals.record(placement.openSession().get(), message.reading());
        var at = time.now();
        monitors.remember(message.deviceId(), message.controlId(), reading.id(), at);
        return Ack.accepted(reading.id(), at);
    }

    /** The answer to a message whose transaction failed when it ran alone. */
    private Ack failed(MonitorMessage message, Throwable failure) {
        ProblemException problem = problemIn(failure);
        if (problem != null) {
            return Ack.error(problem.status() == 404 ? Ack.UNKNOWN_KEY : Ack.DATA_TYPE_ERROR, reason(problem));
        }
        if (failure instanceof RejectedExecutionException) {
            return Ack.rejected(Ack.INTERNAL_ERROR, "not processed (the service is busy or stopping); resend");
        }
        if (isDuplicate(failure)) {
            // A twin of the message (same device and control id) was stored meanwhile: its answer.
            Optional<Ack> stored = replay(message);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        LOG.warnf(failure, "Message %s of monitor %s was not stored", message.controlId(), message.deviceId());
        return Ack.rejected(
                Ack.INTERNAL_ERROR, "not stored (" + failure.getClass().getSimpleName() + "); resend");
    }

    private Optional<Ack> replay(MonitorMessage message) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<Placement> placements = monitors.place(message.deviceId(), message.controlId());
                if (placements.size() != 1) {
                    return Optional.<Ack>empty();
                }
                return placements.get(0).stored().map(s -> Ack.accepted(s.readingId(), s.acknowledgedAt()));
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What the HTTP API checks before it writes: the bean validation of the body ({@code @Valid}),
     * with its field names, the values together, and a measured time not in the future.
     */
    private void validate(RecordReading reading) {
        Set<ConstraintViolation<RecordReading>> violations = validator.validate(reading);
        if (!violations.isEmpty()) {
            throw InvalidInput.of(violations);
        }
        VitalsService.checkTogether(reading);
        if (reading.measuredAt() != null) {
            time.notInFuture(reading.measuredAt(), "measuredAt");
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
