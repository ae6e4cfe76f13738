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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(
            operationId = "listRules",
            summary = "List rules",
            description = "The rules in force for this clinic, one version per code.")
    public List<RuleView> list() {
        return rules.current();
    }

    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN, Roles.ADMIN})
    @GET
    @Path("{code}")
    @Operation(
            operationId = "readRule",
            summary = "Read a rule",
            description = "A rule's version in force and its version history.")
    public RuleHistory get(String code) {
        return rules.history(code);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{code}")
    @Operation(
            operationId = "editRule",
            summary = "Write a rule",
            description = "Writes a new version of a rule (200), or a new rule (201); the condition is compiled and "
                    + "type-checked first.")
    @APIResponse(
            responseCode = "200",
            description = "The new version of the rule",
            content = @Content(schema = @Schema(implementation = RuleView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The new rule, version 1",
            content = @Content(schema = @Schema(implementation = RuleView.class)))
    @APIResponse(responseCode = "409", description = "Another version of the rule was written concurrently")
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
            operationId = "backtestRule",
            summary = "Backtest a rule",
            description = "Replays recorded history through the rule in force and a candidate condition, and counts "
                    + "what each would have raised. One backtest of a clinic runs at a time; a long window is "
                    + "replayed under a time budget, and the answer says how far it got (complete, "
                    + "evaluatedThrough).")
    @APIResponse(
            responseCode = "200",
            description = "The counts of the rule in force and of the candidate",
            content = @Content(schema = @Schema(implementation = BacktestResult.class)))
    @APIResponse(
            responseCode = "429",
            description = "Another backtest of the clinic is running; retry after Retry-After seconds")
    public BacktestResult backtest(String code, @NotNull @Valid Backtest body) {
        return rules.backtest(code, body);
    }
}
