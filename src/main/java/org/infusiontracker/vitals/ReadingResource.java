package org.infusiontracker.vitals;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.security.Roles;
import org.infusiontracker.vitals.VitalsApi.ReadingView;

/** A reading by its own id: where the {@code Location} of a recorded reading points. */
@Path("/api/v1/vitals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vital signs")
public class ReadingResource {

    private final VitalsService vitals;

    ReadingResource(VitalsService vitals) {
        this.vitals = vitals;
    }

    @RolesAllowed({ Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN })
    @GET
    @Path("{id}")
    @Operation(summary = "Read one reading")
    public ReadingView get(UUID id) {
        return vitals.get(id);
    }
}
