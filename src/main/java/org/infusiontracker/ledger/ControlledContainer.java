package org.infusiontracker.ledger;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;
import org.infusiontracker.session.Drug;

/**
 * One container of Schedule III stock as received (a vial of ketamine, a box of esketamine
 * devices), with its running balance. Only the balance ever changes, under a row lock, by the
 * entries that draw on it; the database keeps it from zero to what was received.
 */
@Entity
@Table(name = "controlled_container")
public class ControlledContainer extends ClinicOwned {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public Drug drug;

    public String ndc;
    public String lotNumber;
    public BigDecimal strengthMgPerMl;
    public BigDecimal volumeMl;
    public BigDecimal quantityMg;
    public BigDecimal balanceMg;
    public Instant receivedAt;
    public String receivedBy;
    public String supplier;
    public String supplierDea;
    public String invoice;

    /** OPEN while anything is left in it, CLOSED at zero (a reversal may open it again). */
    public ContainerStatus status() {
        return balanceMg.signum() == 0 ? ContainerStatus.CLOSED : ContainerStatus.OPEN;
    }
}
