package org.infusiontracker.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code page} and {@code size} of a list, read as text and parsed by hand, so that
 * {@code page=abc} is a 400 naming {@code page} (JAX-RS would answer a failed conversion with a bare
 * 404).
 */
public class Paging {

    @QueryParam("page")
    @Parameter(
            description = "The page, from 0",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    public String page;

    @QueryParam("size")
    @Parameter(
            description = "Items per page",
            schema =
                    @Schema(
                            type = SchemaType.INTEGER,
                            minimum = "1",
                            maximum = "" + Page.MAX_SIZE,
                            defaultValue = Page.DEFAULT_SIZE))
    public String size;

    public int page() {
        return QueryParams.whole(page, "page", 0, 0, Integer.MAX_VALUE);
    }

    public int size() {
        return QueryParams.whole(size, "size", Integer.parseInt(Page.DEFAULT_SIZE), 1, Page.MAX_SIZE);
    }
}
