package org.infusiontracker.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.SessionStatus;

/** The controlled-substance ledger's request and answer bodies. */
public final class LedgerApi {

    private LedgerApi() {}

    public record ReceiveContainer(
            @NotNull Drug drug,

            @Schema(description = "National Drug Code, dashed, e.g. 0409-2051-05")
            @NotNull
            @Pattern(regexp = "^[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}$", message = "must be an NDC such as 0409-2051-05")
            String ndc,

            @NotBlank @Size(max = 40) String lotNumber,

            @NotNull @Positive @DecimalMax("1000") @Digits(integer = 4, fraction = 3)
            BigDecimal strengthMgPerMl,

            @NotNull @Positive @DecimalMax("1000") @Digits(integer = 4, fraction = 3)
            BigDecimal volumeMl,

            @Schema(description = "When the container arrived; now when absent")
            OffsetDateTime receivedAt,

            @NotBlank @Size(max = 200) String supplier,

            @Schema(description = "The supplier's DEA registration number: two letters and seven digits")
            @NotNull
            @Pattern(regexp = "^[A-Z][A-Z9][0-9]{7}$", message = "must be a DEA number such as RA1234567")
            String supplierDea,

            @NotBlank @Size(max = 100) String invoice) {}

    @Schema(
            description = "An entry: which fields it takes depends on its kind. ADMINISTERED: amountMg, sessionId; "
                    + "WASTED and LOSS: amountMg, reason; COUNT: countedMg; REVERSAL: reverses, reason. WASTED, "
                    + "COUNT and LOSS need the Witness-Authorization header; LOSS and REVERSAL a physician.")
    public record AddEntry(
            @NotNull EntryKind kind,
            @Positive @Digits(integer = 9, fraction = 3) BigDecimal amountMg,

            @Schema(description = "ADMINISTERED: the session of the same clinic and drug the dose was drawn for")
            UUID sessionId,

            @Schema(description = "COUNT: what was found in the container")
            @PositiveOrZero
            @Digits(integer = 9, fraction = 3)
            BigDecimal countedMg,

            @Schema(description = "REVERSAL: the id of the mistaken entry of the same container")
            UUID reverses,

            @Schema(description = "When it happened; now when absent")
            OffsetDateTime at,

            @Schema(description = "WASTED: how it was destroyed; LOSS: what happened; REVERSAL: why") @Size(max = 1000)
            String reason) {}

    @Schema(
            requiredProperties = {
                "id",
                "containerId",
                "kind",
                "amountMg",
                "balanceAfterMg",
                "countedMg",
                "varianceMg",
                "sessionId",
                "reverses",
                "reason",
                "by",
                "witness",
                "at",
                "recordedAt"
            })
    public record EntryView(
            UUID id,
            UUID containerId,
            EntryKind kind,

            @Schema(nullable = true, description = "What it took out (a reversal: what it put back); null for a count")
            BigDecimal amountMg,

            BigDecimal balanceAfterMg,
            @Schema(nullable = true) BigDecimal countedMg,

            @Schema(nullable = true, description = "COUNT: counted minus the balance")
            BigDecimal varianceMg,

            @Schema(nullable = true) UUID sessionId,
            @Schema(nullable = true) UUID reverses,
            @Schema(nullable = true) String reason,

            @Schema(description = "Who recorded it (the token's subject)")
            String by,

            @Schema(nullable = true, description = "The second person who signed it (the witness token's subject)")
            String witness,

            Instant at,
            Instant recordedAt,

            @Schema(description = "LOSS only: what the DEA must be told, and by when")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            DeaReport deaReport) {}

    @Schema(requiredProperties = {"fieldOfficeBy", "form106By", "detail"})
    public record DeaReport(
            @Schema(description = "Tell the DEA field office in writing within one business day of discovery")
            LocalDate fieldOfficeBy,

            @Schema(description = "File DEA Form 106 within 45 days of discovery")
            LocalDate form106By,

            String detail) {}

    @Schema(
            requiredProperties = {
                "id",
                "drug",
                "ndc",
                "lotNumber",
                "strengthMgPerMl",
                "volumeMl",
                "quantityMg",
                "balanceMg",
                "status",
                "receivedAt",
                "receivedBy",
                "supplier",
                "supplierDea",
                "invoice"
            })
    public record ContainerView(
            UUID id,
            Drug drug,
            String ndc,
            String lotNumber,
            BigDecimal strengthMgPerMl,
            BigDecimal volumeMl,
            BigDecimal quantityMg,
            BigDecimal balanceMg,
            ContainerStatus status,
            Instant receivedAt,
            String receivedBy,
            String supplier,
            String supplierDea,
            String invoice,

            @Schema(description = "The container's entries in the order written (reading one container only)")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            List<EntryView> entries) {}

    /** A count that disagrees with the book, or a loss: the stream's {@code ledger.discrepancy}. */
    @Schema(
            requiredProperties = {
                "severity",
                "containerId",
                "entryId",
                "kind",
                "drug",
                "ndc",
                "lotNumber",
                "amountMg",
                "varianceMg",
                "balanceAfterMg",
                "by",
                "witness",
                "at",
                "message"
            })
    public record Discrepancy(
            @Schema(enumeration = "CRITICAL") String severity,
            UUID containerId,
            UUID entryId,
            EntryKind kind,
            Drug drug,
            String ndc,
            String lotNumber,
            @Schema(nullable = true) BigDecimal amountMg,
            @Schema(nullable = true) BigDecimal varianceMg,
            BigDecimal balanceAfterMg,
            String by,
            String witness,
            Instant at,
            String message) {}

    /** One line of the dispensing record: a container received, or one of its entries. */
    @Schema(
            requiredProperties = {
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
                "invoice"
            })
    public record LogLine(
            Instant at,

            @Schema(description = "RECEIVED, or the entry's kind")
            String kind,

            Drug drug,
            String ndc,
            String lotNumber,
            UUID containerId,

            @Schema(nullable = true, description = "null for RECEIVED")
            UUID entryId,

            @Schema(nullable = true) BigDecimal amountMg,
            BigDecimal balanceAfterMg,
            @Schema(nullable = true) BigDecimal varianceMg,

            @Schema(nullable = true, description = "ADMINISTERED: the patient's MRN")
            String patientMrn,

            @Schema(nullable = true) UUID sessionId,
            String by,
            @Schema(nullable = true) String witness,
            @Schema(nullable = true) String reason,
            @Schema(nullable = true) UUID reverses,

            @Schema(nullable = true, description = "RECEIVED: who supplied it")
            String supplier,

            @Schema(nullable = true) String supplierDea,
            @Schema(nullable = true) String invoice) {}

    @Schema(requiredProperties = {"from", "to", "drug", "lines"})
    public record DispensingLog(
            @Schema(nullable = true) Instant from,
            @Schema(nullable = true) Instant to,
            @Schema(nullable = true) Drug drug,
            List<LogLine> lines) {}

    /** Why a session appears in the reconciliation. */
    public enum Mismatch {
        /** The session's dose and its ADMINISTERED entries differ. */
        DOSE_DIFFERS,
        /** The session recorded a dose that no ADMINISTERED entry accounts for. */
        NOT_IN_LEDGER,
        /** ADMINISTERED entries name the session, which recorded no dose. */
        NO_DOSE_RECORDED
    }

    @Schema(
            requiredProperties = {
                "sessionId",
                "drug",
                "sessionStatus",
                "patientMrn",
                "administeredDoseMg",
                "ledgerAdministeredMg",
                "differenceMg",
                "mismatch"
            })
    public record ReconciliationLine(
            UUID sessionId,
            Drug drug,
            SessionStatus sessionStatus,
            @Schema(nullable = true) String patientMrn,

            @Schema(nullable = true, description = "The dose the session recorded at the end of dosing")
            BigDecimal administeredDoseMg,

            @Schema(description = "The sum of the session's ADMINISTERED entries not reversed")
            BigDecimal ledgerAdministeredMg,

            @Schema(nullable = true, description = "ledgerAdministeredMg minus administeredDoseMg")
            BigDecimal differenceMg,

            Mismatch mismatch) {}

    @Schema(requiredProperties = {"from", "to", "sessions"})
    public record Reconciliation(
            @Schema(nullable = true) Instant from,
            @Schema(nullable = true) Instant to,
            List<ReconciliationLine> sessions) {}
}
