package org.infusiontracker.adverse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.infusiontracker.adverse.AdverseEventApi.AdverseEventView;
import org.infusiontracker.adverse.AdverseEventApi.RecordAdverseEvent;
import org.infusiontracker.adverse.AdverseEventApi.ResolveAdverseEvent;
import org.infusiontracker.api.ClinicContext;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.api.ClinicalTime;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.rules.RuleService;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;

import io.quarkus.panache.common.Sort;

@ApplicationScoped
@Transactional
public class AdverseEventService {

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final RuleService rules;
    private final AuditLog audit;

    AdverseEventService(ClinicContext clinic, ClinicalTime time, SessionService sessions, RuleService rules,
            AuditLog audit) {
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.rules = rules;
    }

    public AdverseEventView record(UUID sessionId, RecordAdverseEvent body) {
        InfusionSession session = sessions.requireForRecording(sessionId);
        AdverseEvent e = new AdverseEvent();
        e.id = UUID.randomUUID();
        e.clinicId = clinic.clinicId();
        e.sessionId = session.id;
        e.type = body.type();
        e.grade = body.grade().shortValue();
        e.serious = Boolean.TRUE.equals(body.serious());
        e.recordedAt = time.now();
        e.onsetAt = time.orNow(body.onsetAt(), "onsetAt");
        e.lateEntry = SessionService.isLateEntry(session, e.onsetAt, "an event with onset");
        e.description = blankToNull(body.description());
        e.actionTaken = blankToNull(body.actionTaken());
        e.persist();
        audit.write("CREATE", "adverse-event", e.id, Map.of("sessionId", session.id, "type", e.type));
        return AdverseEventView.of(e, rules.onAdverseEvent(session, e));
    }

    public List<AdverseEventView> list(UUID sessionId) {
        InfusionSession session = sessions.require(sessionId);
        audit.read("adverse-events", session.id);
        return AdverseEvent.<AdverseEvent>find("sessionId = ?1", Sort.by("onsetAt").and("recordedAt").and("id"), session.id)
                .stream().map(AdverseEventView::of).toList();
    }

    public AdverseEventView get(UUID id) {
        AdverseEvent e = find(id, LockModeType.NONE);
        audit.read("adverse-event", e.id);
        return AdverseEventView.of(e);
    }

    /** Adds the outcome, once: a resolved event is not resolved again (409). */
    public AdverseEventView resolve(UUID id, ResolveAdverseEvent body) {
        AdverseEvent e = find(id, LockModeType.PESSIMISTIC_WRITE);
        if (e.outcome != null) {
            throw new Conflict("Already resolved", "Adverse event " + id + " was resolved at " + e.resolvedAt
                    + " as " + e.outcome);
        }
        Instant at = time.orNow(body.at(), "at");
        if (at.isBefore(e.onsetAt)) {
            throw new InvalidInput("at", "must not be before the onset (" + e.onsetAt + ")");
        }
        e.outcome = body.outcome();
        e.resolvedAt = at;
        e.resolutionNote = blankToNull(body.note());
        audit.write("RESOLVE", "adverse-event", e.id, Map.of("outcome", e.outcome));
        return AdverseEventView.of(e);
    }

    private AdverseEvent find(UUID id, LockModeType lock) {
        return AdverseEvent.<AdverseEvent>find("id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .withLock(lock).firstResultOptional().orElseThrow(() -> new NotFound("Adverse event", id));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
