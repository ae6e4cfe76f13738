package org.infusiontracker.rules;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.rules.RuleApi.Backtest;
import org.infusiontracker.rules.RuleApi.BacktestResult;
import org.infusiontracker.rules.RuleApi.EditRule;
import org.infusiontracker.rules.RuleApi.RuleHistory;
import org.infusiontracker.rules.RuleApi.RuleView;
import org.infusiontracker.security.Roles;

@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleResource {

    private final RuleEditor rules;

    RuleResource(RuleEditor rules) {
        this.rules = rules;
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN, Roles.ADMIN})
    @GET
    @Operation(summary = "The rules in force for this clinic, one version per code")
    public List<RuleView> list() {
        return rules.current();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN, Roles.ADMIN})
    @GET
    @Path("{code}")
    @Operation(summary = "A rule's version in force and its version history")
    public RuleHistory get(String code) {
        return rules.history(code);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{code}")
    @Operation(
            summary = "Write a new version of a rule (or a new rule); the condition is compiled and type-checked first")
    public Response edit(String code, @NotNull @Valid EditRule body) {
        RuleView saved = rules.edit(code, body);
        return saved.version() == 1
                ? Response.created(URI.create("/api/v1/rules/" + code))
                        .entity(saved)
                        .build()
                : Response.ok(saved).build();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("{code}/backtest")
    @Operation(
            summary =
                    "Replay recorded history through the rule in force and a candidate condition, and count what each would have raised")
    public BacktestResult backtest(String code, @NotNull @Valid Backtest body) {
        return rules.backtest(code, body);
    }
}
