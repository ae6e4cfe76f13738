package org.infusiontracker.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.MappedSuperclass;

/**
 * What every clinical entity is: a row of one clinic. Every query on it names the clinic, and
 * {@link ClinicScope} refuses the ones that do not, so another clinic's id is simply not found.
 */
@MappedSuperclass
public abstract class ClinicOwned extends PanacheEntityBase {

    public String clinicId;
}
