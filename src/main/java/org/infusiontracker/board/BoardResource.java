package org.infusiontracker.board;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.infusiontracker.board.BoardApi.Board;
import org.infusiontracker.security.Roles;

@Path("/api/v1/board")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Board")
public class BoardResource {

    private final BoardService board;

    BoardResource(BoardService board) {
        this.board = board;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.NURSE, Roles.PHYSICIAN})
    @Operation(
            operationId = "readBoard",
            summary = "Read the board",
            description =
                    "The clinic's open sessions: patient, status, times, baseline and latest reading, open flags by "
                            + "severity, discharge readiness and what is due next.")
    public Board board() {
        return board.board();
    }
}
