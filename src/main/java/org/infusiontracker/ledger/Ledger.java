package org.infusiontracker.ledger;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infusiontracker.api.Conflict;
import org.infusiontracker.api.Forbidden;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.events.EventLog;
import org.infusiontracker.events.EventType;
import org.infusiontracker.ledger.LedgerApi.AddEntry;
import org.infusiontracker.ledger.LedgerApi.ContainerView;
import org.infusiontracker.ledger.LedgerApi.DeaReport;
import org.infusiontracker.ledger.LedgerApi.Discrepancy;
import org.infusiontracker.ledger.LedgerApi.EntryView;
import org.infusiontracker.ledger.LedgerApi.ReceiveContainer;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;

/**
 * The clinic's Schedule III stock: containers received and the entries that draw on them. Every
 * entry locks its container's row first, so two draws at the same moment are taken one after the
 * other and the second sees what the first left; an amount above the balance is refused before
 * anything is written, and the database's checks refuse it again should that ever be bypassed.
 */
@ApplicationScoped
@Transactional
public class Ledger {

    /** DEA: a theft or significant loss goes to the field office within one business day ... */
    private static final int FIELD_OFFICE_BUSINESS_DAYS = 1;
    /** ... and on DEA Form 106 within 45 days of discovery (88 FR 40707). */
    private static final int FORM_106_DAYS = 45;

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final SessionService sessions;
    private final Witnesses witnesses;
    private final AuditLog audit;
    private final EventLog events;

    Ledger(
            ClinicContext clinic,
            ClinicalTime time,
            SessionService sessions,
            Witnesses witnesses,
            AuditLog audit,
            EventLog events) {
        this.clinic = clinic;
        this.time = time;
        this.sessions = sessions;
        this.witnesses = witnesses;
        this.audit = audit;
        this.events = events;
    }

    public ContainerView receive(ReceiveContainer body) {
        ControlledContainer c = new ControlledContainer();
        c.id = UUID.randomUUID();
        c.clinicId = clinic.clinicId();
        c.drug = body.drug();
        c.ndc = body.ndc();
        c.lotNumber = body.lotNumber().strip();
        c.strengthMgPerMl = body.strengthMgPerMl();
        c.volumeMl = body.volumeMl();
        c.quantityMg = body.strengthMgPerMl().multiply(body.volumeMl()).setScale(3, RoundingMode.HALF_UP);
        if (c.quantityMg.signum() == 0) {
            throw new InvalidInput("volumeMl", "strength times volume must be more than 0 mg");
        }
        c.balanceMg = c.quantityMg;
        c.receivedAt = time.orNow(body.receivedAt(), "receivedAt");
        c.receivedBy = clinic.actor();
        c.supplier = body.supplier().strip();
        c.supplierDea = body.supplierDea();
        c.invoice = body.invoice().strip();
        c.persist();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("drug", c.drug);
        detail.put("lotNumber", c.lotNumber);
        detail.put("quantityMg", c.quantityMg);
        detail.put("supplierDea", c.supplierDea);
        detail.put("invoice", c.invoice);
        audit.write("RECEIVE", "controlled-container", c.id, detail);
        return view(c, null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ContainerView> list(List<ContainerStatus> statuses) {
        StringBuilder where = new StringBuilder("clinicId = ?1");
        if (statuses.size() == 1) {
            where.append(statuses.get(0) == ContainerStatus.OPEN ? " and balanceMg > 0" : " and balanceMg = 0");
        }
        return ControlledContainer.<ControlledContainer>list(
                        where.toString(), Sort.by("receivedAt").and("id"), clinic.clinicId())
                .stream()
                .map(c -> view(c, null))
                .toList();
    }

    /** A container with its entries in the order written; 404 in another clinic. */
    public ContainerView container(UUID id) {
        ControlledContainer c = ControlledContainer.<ControlledContainer>find(
                        "id = ?1 and clinicId = ?2", id, clinic.clinicId())
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Container", id));
        audit.read("controlled-container", c.id);
        List<EntryView> entries =
                LedgerEntry.<LedgerEntry>list("containerId = ?1 and clinicId = ?2", Sort.by("seq"), c.id, c.clinicId)
                        .stream()
                        .map(e -> view(e, null))
                        .toList();
        return view(c, entries);
    }

    /**
     * Writes one entry and moves the balance, all or nothing: 400 for a body that does not fit its
     * kind or an unfit witness, 403 for a nurse's loss or reversal, 409 for more than is left.
     */
    public EntryView record(UUID containerId, AddEntry body, String witnessHeader) {
        EntryKind kind = body.kind();
        if (kind.physicianOnly() && !clinic.isPhysician()) {
            throw new Forbidden(kind + " entries are recorded by a physician");
        }
        fieldsFit(body);
        String witness = witnesses.witness(witnessHeader, clinic);
        if (witness == null && kind.needsWitness()) {
            throw Witnesses.unfit("is required for a " + kind + " entry: the second person's own bearer token");
        }
        Instant at = time.orNow(body.at(), "at");
        ControlledContainer c = ControlledContainer.<ControlledContainer>find(
                        "id = ?1 and clinicId = ?2", containerId, clinic.clinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Container", containerId));
        if (at.isBefore(c.receivedAt)) {
            throw new InvalidInput("at", "must not be before the container was received (" + c.receivedAt + ")");
        }
        LedgerEntry e = new LedgerEntry();
        e.id = UUID.randomUUID();
        e.clinicId = c.clinicId;
        e.containerId = c.id;
        e.kind = kind;
        e.actor = clinic.actor();
        e.witness = witness;
        e.at = at;
        e.recordedAt = time.now();
        e.reason = body.reason() == null || body.reason().isBlank()
                ? null
                : body.reason().strip();
        switch (kind) {
            case ADMINISTERED -> {
                InfusionSession s =
                        sessions.find(body.sessionId()).orElseThrow(() -> new NotFound("Session", body.sessionId()));
                if (s.drug != c.drug) {
                    throw new InvalidInput("sessionId", "is a " + s.drug + " session; the container holds " + c.drug);
                }
                e.sessionId = s.id;
                takeOut(c, e, body.amountMg());
            }
            case WASTED, LOSS -> takeOut(c, e, body.amountMg());
            case COUNT -> {
                e.countedMg = body.countedMg();
                e.changeMg = BigDecimal.ZERO;
                e.varianceMg = body.countedMg().subtract(c.balanceMg);
            }
            case REVERSAL -> putBack(c, e, body.reverses());
        }
        c.balanceMg = c.balanceMg.add(e.changeMg);
        e.balanceAfterMg = c.balanceMg;
        e.persist();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("containerId", c.id);
        detail.put("kind", kind);
        detail.put("amountMg", e.amountMg);
        detail.put("countedMg", e.countedMg);
        detail.put("varianceMg", e.varianceMg);
        detail.put("balanceAfterMg", e.balanceAfterMg);
        detail.put("sessionId", e.sessionId);
        detail.put("reverses", e.reverses);
        detail.put("witness", e.witness);
        detail.put("reason", e.reason);
        detail.values().removeIf(v -> v == null);
        audit.write("RECORD", "controlled-entry", e.id, detail);
        DeaReport report = kind == EntryKind.LOSS ? deaReport(at) : null;
        boolean discrepancy = kind == EntryKind.LOSS || (kind == EntryKind.COUNT && e.varianceMg.signum() != 0);
        if (discrepancy) {
            events.publish(c.clinicId, EventType.LEDGER_DISCREPANCY, discrepancy(c, e, report));
        }
        return view(e, report);
    }

    /** The fields each kind needs, and none it does not take: 400 naming the field. */
    private static void fieldsFit(AddEntry body) {
        EntryKind kind = body.kind();
        boolean takesAmount = kind == EntryKind.ADMINISTERED || kind == EntryKind.WASTED || kind == EntryKind.LOSS;
        require(takesAmount, body.amountMg(), "amountMg", kind);
        require(kind == EntryKind.ADMINISTERED, body.sessionId(), "sessionId", kind);
        require(kind == EntryKind.COUNT, body.countedMg(), "countedMg", kind);
        require(kind == EntryKind.REVERSAL, body.reverses(), "reverses", kind);
        boolean needsReason = kind == EntryKind.WASTED || kind == EntryKind.LOSS || kind == EntryKind.REVERSAL;
        if (needsReason && (body.reason() == null || body.reason().isBlank())) {
            throw new InvalidInput("reason", "is required for a " + kind + " entry");
        }
    }

    private static void require(boolean taken, Object value, String field, EntryKind kind) {
        if (taken && value == null) {
            throw new InvalidInput(field, "is required for a " + kind + " entry");
        }
        if (!taken && value != null) {
            throw new InvalidInput(field, "is not taken by a " + kind + " entry");
        }
    }

    private static void takeOut(ControlledContainer c, LedgerEntry e, BigDecimal amount) {
        if (amount.compareTo(c.balanceMg) > 0) {
            throw new Conflict(
                    "Not enough in the container",
                    amount.stripTrailingZeros().toPlainString() + " mg asked, "
                            + c.balanceMg.stripTrailingZeros().toPlainString() + " mg left in container " + c.id);
        }
        e.amountMg = amount;
        e.changeMg = amount.negate();
    }

    /** A reversal restores what the mistaken entry took out; each entry is reversed at most once. */
    private static void putBack(ControlledContainer c, LedgerEntry e, UUID reverses) {
        LedgerEntry mistaken = LedgerEntry.<LedgerEntry>find(
                        "id = ?1 and containerId = ?2 and clinicId = ?3", reverses, c.id, c.clinicId)
                .firstResultOptional()
                .orElseThrow(() -> new NotFound("Entry of container " + c.id, reverses));
        if (mistaken.kind == EntryKind.REVERSAL) {
            throw new Conflict("Cannot reverse a reversal", "Entry " + reverses + " is itself a reversal");
        }
        if (LedgerEntry.count("reverses = ?1 and clinicId = ?2", reverses, c.clinicId) > 0) {
            throw new Conflict("Already reversed", "Entry " + reverses + " has been reversed already");
        }
        e.reverses = mistaken.id;
        e.amountMg = mistaken.amountMg;
        e.changeMg = mistaken.changeMg.negate();
    }

    /** The DEA's deadlines for a loss discovered at {@code at} (dates in UTC, weekends skipped). */
    static DeaReport deaReport(Instant at) {
        LocalDate discovered = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate fieldOffice = discovered;
        for (int days = 0; days < FIELD_OFFICE_BUSINESS_DAYS; ) {
            fieldOffice = fieldOffice.plusDays(1);
            if (fieldOffice.getDayOfWeek() != DayOfWeek.SATURDAY && fieldOffice.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return new DeaReport(
                fieldOffice,
                discovered.plusDays(FORM_106_DAYS),
                "A theft or significant loss of a controlled substance must be reported in writing to the DEA "
                        + "field office within one business day of discovery, and on DEA Form 106 within 45 days.");
    }

    private static Discrepancy discrepancy(ControlledContainer c, LedgerEntry e, DeaReport report) {
        String message = e.kind == EntryKind.COUNT
                ? "Count of " + c.drug + " lot " + c.lotNumber + " differs from the book by "
                        + e.varianceMg.stripTrailingZeros().toPlainString() + " mg"
                : "Loss of " + e.amountMg.stripTrailingZeros().toPlainString() + " mg " + c.drug + " lot "
                        + c.lotNumber + " recorded; DEA field office by " + report.fieldOfficeBy() + ", Form 106 by "
                        + report.form106By();
        return new Discrepancy(
                "CRITICAL",
                c.id,
                e.id,
                e.kind,
                c.drug,
                c.ndc,
                c.lotNumber,
                e.amountMg,
                e.varianceMg,
                e.balanceAfterMg,
                e.actor,
                e.witness,
                e.at,
                message);
    }

    static ContainerView view(ControlledContainer c, List<EntryView> entries) {
        return new ContainerView(
                c.id,
                c.drug,
                c.ndc,
                c.lotNumber,
                c.strengthMgPerMl,
                c.volumeMl,
                c.quantityMg,
                c.balanceMg,
                c.status(),
                c.receivedAt,
                c.receivedBy,
                c.supplier,
                c.supplierDea,
                c.invoice,
                entries);
    }

    static EntryView view(LedgerEntry e, DeaReport report) {
        return new EntryView(
                e.id,
                e.containerId,
                e.kind,
                e.amountMg,
                e.balanceAfterMg,
                e.countedMg,
                e.varianceMg,
                e.sessionId,
                e.reverses,
                e.reason,
                e.actor,
                e.witness,
                e.at,
                e.recordedAt,
                report);
    }
}
