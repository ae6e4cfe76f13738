package org.infusiontracker.stream;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The data of the stream's own events ({@code reset}, {@code stream.closed}): why. */
@Schema(
        name = "StreamNotice",
        description = "Why the stream resets (reload the board) or ends (reconnect with a fresh token)")
public record StreamNotice(
        @Schema(
                required = true,
                enumeration = {"cursor-too-old", "token-expired"})
        String reason) {}
