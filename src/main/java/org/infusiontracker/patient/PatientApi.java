package org.infusiontracker.patient;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The patient resource's request and answer bodies. */
public final class PatientApi {

    private PatientApi() {}

    public record CreatePatient(
            @NotBlank @Size(max = 64) String mrn,
            @NotBlank @Size(max = 200) String displayName,
            @Min(1900) @Max(2100) Integer birthYear,

            @DecimalMin("0.5") @DecimalMax("400") @Digits(integer = 3, fraction = 2)
            BigDecimal weightKg,

            @Size(max = 20) List<@NotNull RiskFactor> riskFactors,
            @Size(max = 20) List<@NotNull Contraindication> contraindications) {}

    @Schema(
            requiredProperties = {
                "id",
                "mrn",
                "displayName",
                "birthYear",
                "weightKg",
                "riskFactors",
                "contraindications",
                "createdAt"
            })
    public record PatientView(
            UUID id,
            String mrn,
            String displayName,
            @Schema(nullable = true) Integer birthYear,
            @Schema(nullable = true) BigDecimal weightKg,
            List<RiskFactor> riskFactors,
            List<Contraindication> contraindications,
            Instant createdAt) {

        static PatientView of(Patient p) {
            return new PatientView(
                    p.id,
                    p.mrn,
                    p.displayName,
                    p.birthYear == null ? null : p.birthYear.intValue(),
                    p.weightKg,
                    Arrays.stream(p.riskFactors).map(RiskFactor::valueOf).toList(),
                    Arrays.stream(p.contraindications)
                            .map(Contraindication::valueOf)
                            .toList(),
                    p.createdAt);
        }
    }
}
