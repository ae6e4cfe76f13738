package org.infusiontracker.webhooks;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.Page;
import org.infusiontracker.api.Paging;
import org.infusiontracker.security.Roles;
import org.infusiontracker.webhooks.WebhookApi.DeliveryView;
import org.infusiontracker.webhooks.WebhookApi.PutWebhook;
import org.infusiontracker.webhooks.WebhookApi.WebhookView;

@Path("/api/v1/webhooks/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    private final WebhookService webhooks;

    WebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PUT
    @Operation(
            operationId = "putWebhook",
            summary = "Create or replace a webhook",
            description = "The clinic's events named are posted to the address, signed the Standard Webhooks way "
                    + "with the secret (docs/webhooks.md). The secret is never answered.")
    @APIResponse(
            responseCode = "200",
            description = "The webhook, replaced",
            content = @Content(schema = @Schema(implementation = WebhookView.class)))
    @APIResponse(
            responseCode = "201",
            description = "The webhook, created",
            content = @Content(schema = @Schema(implementation = WebhookView.class)))
    public Response put(@PathParam("name") String name, @NotNull @Valid PutWebhook body) {
        WebhookService.Put put = webhooks.put(name, body);
        if (put.created()) {
            return Response.created(URI.create("/api/v1/webhooks/" + name))
                    .entity(put.webhook())
                    .build();
        }
        return Response.ok(put.webhook()).build();
    }

    @GET
    @Operation(operationId = "readWebhook", summary = "Read a webhook", description = "Without its secret.")
    public WebhookView get(@PathParam("name") String name) {
        return webhooks.find(name);
    }

    @GET
    @Path("deliveries")
    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "A webhook's deliveries",
            description = "Newest first, each with its attempts: when, the receiver's status, the next try.")
    public Page<DeliveryView> deliveries(@PathParam("name") String name, @BeanParam Paging paging) {
        return webhooks.deliveries(name, paging.page(), paging.size());
    }
}
