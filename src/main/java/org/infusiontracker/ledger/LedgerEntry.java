package org.infusiontracker.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;

/**
 * One line of a container's ledger, written once: the database refuses to change or delete it
 * (migration V19). A mistake is undone by a {@link EntryKind#REVERSAL}, never by an edit.
 */
@Entity
@Table(name = "controlled_entry")
public class LedgerEntry extends ClinicOwned {

    @Id
    public UUID id;

    /** The order of writing, assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    public UUID containerId;

    @Enumerated(EnumType.STRING)
    public EntryKind kind;

    public BigDecimal amountMg;
    /** The entry's effect on the balance (negative for what it took out). */
    public BigDecimal changeMg;

    public BigDecimal countedMg;
    public BigDecimal varianceMg;
    public BigDecimal balanceAfterMg;
    public UUID sessionId;
    public UUID reverses;
    public String reason;
    /** Who recorded it (the token's subject). */
    public String actor;

    public String witness;
    public Instant at;
    public Instant recordedAt;
}
