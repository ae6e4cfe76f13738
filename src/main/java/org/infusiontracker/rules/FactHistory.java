package org.infusiontracker.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The recorded past, replayed for a backtest: the features that keep the records implement it, so
 * the engine replays history without reading their tables.
 */
public interface FactHistory {

    /** One record of the window with the facts the live service judged it on. */
    record Replay(UUID sessionId, Facts facts) {}

    /**
     * The readings ({@link Trigger#READING}) or adverse events ({@link Trigger#ADVERSE_EVENT}) in
     * force of the clinic measured in {@code [from, to)}, in session and clinical order.
     *
     * @param limit the most records a window may hold; more is refused as a bad window
     */
    List<Replay> replay(String clinicId, Trigger trigger, Instant from, Instant to, int limit);
}
