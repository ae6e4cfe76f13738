package org.infusiontracker.ledger;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.ledger.LedgerApi.DispensingLog;
import org.infusiontracker.ledger.LedgerApi.LogLine;
import org.infusiontracker.ledger.LedgerApi.Mismatch;
import org.infusiontracker.ledger.LedgerApi.Reconciliation;
import org.infusiontracker.ledger.LedgerApi.ReconciliationLine;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.patient.PatientService;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.SessionService;

/**
 * What the ledger tells an inspector and the clinic: the dispensing record of 21 CFR 1304.22(c)
 * (containers received, every amount administered with the patient, wasted, counted or lost, by
 * whom and before whom), and the reconciliation of the ledger with the doses the sessions recorded.
 */
@ApplicationScoped
@Transactional
public class DispensingRecord {

    /** Bounds of a period left open: all of it. */
    private static final Instant EARLIEST = Instant.EPOCH;

    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final ClinicContext clinic;
    private final SessionService sessions;
    private final PatientService patients;
    private final AuditLog audit;

    DispensingRecord(ClinicContext clinic, SessionService sessions, PatientService patients, AuditLog audit) {
        this.clinic = clinic;
        this.sessions = sessions;
        this.patients = patients;
        this.audit = audit;
    }

    /** Receipts and entries from {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    public DispensingLog log(Instant from, Instant to, Drug drug) {
        String clinicId = clinic.clinicId();
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("from", from);
        asked.put("to", to);
        asked.put("drug", drug);
        asked.values().removeIf(Objects::isNull);
        // The log names the patients of administrations: reading it is a read of their records.
        audit.write("READ", "controlled-log", "*", asked);
        Instant start = from == null ? EARLIEST : from;
        Instant end = to == null ? LATEST : to;
        Map<UUID, ControlledContainer> containers = new HashMap<>();
        ControlledContainer.<ControlledContainer>list("clinicId = ?1", clinicId).forEach(c -> containers.put(c.id, c));
        List<LedgerEntry> entries = LedgerEntry.list(
                "clinicId = ?1 and at >= ?2 and at < ?3", Sort.by("at").and("seq"), clinicId, start, end);
        Map<UUID, String> mrns = mrnsOf(entries.stream()
                .map(e -> e.sessionId)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        List<LogLine> lines = new ArrayList<>();
        for (ControlledContainer c : containers.values()) {
            if (!c.receivedAt.isBefore(start) && c.receivedAt.isBefore(end) && (drug == null || c.drug == drug)) {
                lines.add(new LogLine(
                        c.receivedAt,
                        "RECEIVED",
                        c.drug,
                        c.ndc,
                        c.lotNumber,
                        c.id,
                        null,
                        c.quantityMg,
                        c.quantityMg,
                        null,
                        null,
                        null,
                        c.receivedBy,
                        null,
                        null,
                        null,
                        c.supplier,
                        c.supplierDea,
                        c.invoice));
            }
        }
        for (LedgerEntry e : entries) {
            ControlledContainer c = containers.get(e.containerId);
            if (drug == null || c.drug == drug) {
                lines.add(new LogLine(
                        e.at,
                        e.kind.name(),
                        c.drug,
                        c.ndc,
                        c.lotNumber,
                        c.id,
                        e.id,
                        e.amountMg,
                        e.balanceAfterMg,
                        e.varianceMg,
                        e.sessionId == null ? null : mrns.get(e.sessionId),
                        e.sessionId,
                        e.actor,
                        e.witness,
                        e.reason,
                        e.reverses,
                        null,
                        null,
                        null));
            }
        }
        // A receipt comes before the entries of the same moment; otherwise the order written.
        lines.sort(
                Comparator.comparing(LogLine::at).thenComparing(l -> !l.kind().equals("RECEIVED")));
        return new DispensingLog(from, to, drug, lines);
    }

    /**
     * Sessions of the period (dosing ended in it, or an administration recorded in it) whose recorded
     * dose and ADMINISTERED entries (reversals taken off) do not agree.
     */
    public Reconciliation reconcile(Instant from, Instant to) {
        String clinicId = clinic.clinicId();
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("from", from);
        asked.put("to", to);
        asked.values().removeIf(Objects::isNull);
        audit.write("READ", "controlled-reconciliation", "*", asked);
        Instant start = from == null ? EARLIEST : from;
        Instant end = to == null ? LATEST : to;
        Map<UUID, InfusionSession> inPeriod = new LinkedHashMap<>();
        sessions.dosedBetween(clinicId, from, to).forEach(s -> inPeriod.put(s.id, s));
        Set<UUID> administeredIn = new HashSet<>();
        LedgerEntry.<LedgerEntry>list(
                        "clinicId = ?1 and kind = ?2 and at >= ?3 and at < ?4",
                        clinicId,
                        EntryKind.ADMINISTERED,
                        start,
                        end)
                .forEach(e -> administeredIn.add(e.sessionId));
        administeredIn.removeAll(inPeriod.keySet());
        if (!administeredIn.isEmpty()) {
            inPeriod.putAll(sessions.byIds(List.copyOf(administeredIn), clinicId));
        }
        if (inPeriod.isEmpty()) {
            return new Reconciliation(from, to, List.of());
        }
        Map<UUID, BigDecimal> ledgerMg = administeredBySession(clinicId, List.copyOf(inPeriod.keySet()));
        Map<UUID, String> mrns = new HashMap<>();
        Map<UUID, Patient> byPatient = patients.byIds(
                inPeriod.values().stream().map(s -> s.patientId).collect(java.util.stream.Collectors.toSet()),
                clinicId);
        inPeriod.values().forEach(s -> {
            Patient p = byPatient.get(s.patientId);
            mrns.put(s.id, p == null ? null : p.mrn);
        });
        List<ReconciliationLine> lines = new ArrayList<>();
        inPeriod.values().stream()
                .sorted(Comparator.comparing((InfusionSession s) -> s.createdAt).thenComparing(s -> s.id))
                .forEach(s -> {
                    BigDecimal ledger = ledgerMg.getOrDefault(s.id, BigDecimal.ZERO);
                    Mismatch mismatch = mismatch(s.administeredDoseMg, ledger);
                    if (mismatch != null) {
                        lines.add(new ReconciliationLine(
                                s.id,
                                s.drug,
                                s.status,
                                mrns.get(s.id),
                                s.administeredDoseMg,
                                ledger,
                                s.administeredDoseMg == null ? null : ledger.subtract(s.administeredDoseMg),
                                mismatch));
                    }
                });
        return new Reconciliation(from, to, lines);
    }

    private static Mismatch mismatch(BigDecimal recorded, BigDecimal ledger) {
        if (recorded == null) {
            return ledger.signum() > 0 ? Mismatch.NO_DOSE_RECORDED : null;
        }
        if (recorded.compareTo(ledger) == 0) {
            return null;
        }
        return ledger.signum() == 0 ? Mismatch.NOT_IN_LEDGER : Mismatch.DOSE_DIFFERS;
    }

    /** Per session, the ADMINISTERED entries whatever their time, less those reversed. */
    private static Map<UUID, BigDecimal> administeredBySession(String clinicId, List<UUID> sessionIds) {
        Map<UUID, BigDecimal> total = new HashMap<>();
        LedgerEntry.getEntityManager()
                .createQuery(
                        "select e.sessionId, sum(e.amountMg) from LedgerEntry e where e.clinicId = :clinic "
                                + "and e.kind = :kind and e.sessionId in :sessions and not exists (select 1 from "
                                + "LedgerEntry r where r.clinicId = :clinic and r.reverses = e.id) group by e.sessionId",
                        Object[].class)
                .setParameter("clinic", clinicId)
                .setParameter("kind", EntryKind.ADMINISTERED)
                .setParameter("sessions", sessionIds)
                .getResultList()
                .forEach(row -> total.put((UUID) row[0], (BigDecimal) row[1]));
        return total;
    }

    private Map<UUID, String> mrnsOf(List<UUID> sessionIds) {
        Map<UUID, String> mrns = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return mrns;
        }
        String clinicId = clinic.clinicId();
        Map<UUID, InfusionSession> byId = sessions.byIds(sessionIds, clinicId);
        Map<UUID, Patient> byPatient = patients.byIds(
                byId.values().stream().map(s -> s.patientId).collect(java.util.stream.Collectors.toSet()), clinicId);
        byId.values().forEach(s -> {
            Patient p = byPatient.get(s.patientId);
            if (p != null) {
                mrns.put(s.id, p.mrn);
            }
        });
        return mrns;
    }
}
