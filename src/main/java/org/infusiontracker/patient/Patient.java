package org.infusiontracker.patient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.infusiontracker.security.ClinicOwned;

/** A pseudonymous patient of one clinic: MRN and display name, never more identity than that. */
@Entity
@Table(name = "patient")
public class Patient extends ClinicOwned {

    @Id
    public UUID id;

    public String mrn;
    public String displayName;
    public Short birthYear;
    public BigDecimal weightKg;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] riskFactors;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] contraindications;

    public Instant createdAt;

    /** The patient as the rules see it; {@code sessionsLast7Days} only where the start of dosing counts them. */
    public PatientFacts facts(Long sessionsLast7Days) {
        return new PatientFacts(
                Arrays.asList(riskFactors),
                Arrays.asList(contraindications),
                birthYear == null ? null : birthYear.intValue(),
                weightKg,
                sessionsLast7Days);
    }
}
