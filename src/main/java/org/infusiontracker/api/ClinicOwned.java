package org.infusiontracker.api;

import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What every clinical entity is: a row of one clinic. The two filters defined here are switched
 * on for every session and take the clinic from the current request ({@link ClinicFilter}); each
 * entity names the one it uses with {@code @Filter}. Loads by id are filtered too, so another
 * clinic's id is simply not found.
 */
@MappedSuperclass
@FilterDef(name = ClinicFilter.NAME, defaultCondition = "clinic_id = :" + ClinicFilter.PARAMETER,
        autoEnabled = true, applyToLoadByKey = true,
        parameters = @ParamDef(name = ClinicFilter.PARAMETER, type = String.class, resolver = ClinicFilter.class))
@FilterDef(name = ClinicFilter.WITH_DEFAULTS, defaultCondition = "clinic_id in (:" + ClinicFilter.PARAMETER + ", '*')",
        autoEnabled = true, applyToLoadByKey = true,
        parameters = @ParamDef(name = ClinicFilter.PARAMETER, type = String.class, resolver = ClinicFilter.class))
public abstract class ClinicOwned extends PanacheEntityBase {

    public String clinicId;
}
