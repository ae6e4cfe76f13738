package org.infusiontracker.ledger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.api.QueryParams;
import org.infusiontracker.ledger.LedgerApi.DispensingLog;
import org.infusiontracker.ledger.LedgerApi.Reconciliation;
import org.infusiontracker.security.Roles;
import org.infusiontracker.session.Drug;

@Path("/api/v1/controlled-substances")
@Tag(name = "Controlled substances")
public class DispensingRecordResource {

    private final DispensingRecord record;

    DispensingRecordResource(DispensingRecord record) {
        this.record = record;
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("log")
    @Produces({MediaType.APPLICATION_JSON, LogCsv.MEDIA_TYPE})
    @Operation(
            operationId = "readDispensingLog",
            summary = "The dispensing record of Schedule III stock",
            description = "Containers received and every entry, in time order, with the patient's MRN for an "
                    + "administration (21 CFR 1304.22(c)). Accept: text/csv gives it as CSV for an inspector.")
    @APIResponse(
            responseCode = "200",
            description = "The record of the period",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = DispensingLog.class)),
                @Content(
                        mediaType = LogCsv.MEDIA_TYPE,
                        schema =
                                @Schema(
                                        type = SchemaType.STRING,
                                        description = "A header line, then one line per receipt or entry: at, kind, "
                                                + "drug, ndc, lotNumber, containerId, entryId, amountMg, "
                                                + "balanceAfterMg, varianceMg, patientMrn, sessionId, by, witness, "
                                                + "reason, reverses, supplier, supplierDea, invoice"))
            })
    public Response log(
            @Parameter(
                            description = "From this time (inclusive)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Up to this time (exclusive)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("to")
                    String to,
            @Parameter(description = "Only this drug", schema = @Schema(implementation = Drug.class))
                    @QueryParam("drug")
                    String drug,
            HttpHeaders headers) {
        List<Drug> drugs = QueryParams.enums(drug, Drug.class, "drug");
        DispensingLog log = record.log(
                instant(QueryParams.time(from, "from")),
                instant(QueryParams.time(to, "to")),
                drugs.size() == 1 ? drugs.get(0) : null);
        return wantsCsv(headers)
                ? Response.ok(LogCsv.render(log), LogCsv.MEDIA_TYPE + "; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"dispensing-log.csv\"")
                        .build()
                : Response.ok(log, MediaType.APPLICATION_JSON).build();
    }

    @RolesAllowed({Roles.NURSE, Roles.PHYSICIAN})
    @GET
    @Path("reconciliation")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reconcileLedger",
            summary = "Sessions whose dose and ledger disagree",
            description = "Sessions whose dosing ended in the period, or with an administration recorded in it, whose "
                    + "administeredDoseMg differs from their ADMINISTERED entries (reversals taken off), and "
                    + "administrations whose session recorded no dose.")
    public Reconciliation reconciliation(
            @Parameter(
                            description = "From this time (inclusive)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Up to this time (exclusive)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("to")
                    String to) {
        return record.reconcile(instant(QueryParams.time(from, "from")), instant(QueryParams.time(to, "to")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** CSV when the client prefers it to JSON (the Accept list is sorted by preference). */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.valueOf(LogCsv.MEDIA_TYPE))) {
                return true;
            }
        }
        return false;
    }
}
