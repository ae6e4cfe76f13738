package org.infusiontracker.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;

/**
 * One version of one rule. Never updated: an edit is a new row with the next version. Rows of
 * clinic {@value #EVERY_CLINIC} are the shipped defaults; a clinic's own version of a code wins.
 */
@Entity
@Table(name = "rule")
public class Rule extends ClinicOwned {

    public static final String EVERY_CLINIC = "*";

    @Id
    public UUID id;

    public String code;
    public int version;

    @Enumerated(EnumType.STRING)
    public SeedTable seedTable;

    public String seedRow;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger")
    public Trigger trigger;

    public String condition;
    public String matchedValue;
    public String message;
    public String source;
    public boolean enabled;
    public Instant createdAt;
    public String createdBy;
    public String changeReason;
}
