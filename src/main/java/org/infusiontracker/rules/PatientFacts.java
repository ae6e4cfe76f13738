package org.infusiontracker.rules;

import java.math.BigDecimal;
import java.util.List;

/**
 * A patient as the rules see it (CEL type {@code Patient}).
 *
 * @param sessionsLast7Days sessions whose dosing started in the seven days up to this one's start
 *                          (filled for the start of dosing only)
 */
public record PatientFacts(
        List<String> riskFactors,
        List<String> contraindications,
        Integer birthYear,
        BigDecimal weightKg,
        Long sessionsLast7Days) {}
