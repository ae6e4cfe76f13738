package org.infusiontracker.rules;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.infusiontracker.record.RecordStatus;

/**
 * The recorded past, replayed for a backtest: the features that keep the records implement it, so
 * the engine replays history without reading their tables. A window is read in two steps, so that
 * its size is known before any record is loaded and the records can be read a page at a time:
 * first its sessions ({@link #spans}), then the records of a few sessions at a time
 * ({@link #replay}). Each call is a read of its own; the caller holds no transaction across them.
 */
public interface FactHistory {

    /**
     * One record of the window with the facts the live service judged it on. For
     * {@link Trigger#ASSESSMENT} records, which belong to a patient, {@code sessionId} (here and in
     * {@link Span}) is the patient's id.
     */
    record Replay(UUID sessionId, Facts facts) {}

    /**
     * A session of the window: when its first record in the window was measured (or began), and how
     * many records it has in the window.
     */
    record Span(UUID sessionId, Instant first, long records) {

        /**
         * The spans of one kind of clinical record: the records of {@code entity} in force whose
         * {@code time} lies in {@code [from, to)}, grouped by {@code owner} (the session, or the
         * patient), ordered by the first of them, then by id. One aggregate query; the features'
         * {@link FactHistory#spans} are this, each over its own entity.
         */
        public static List<Span> of(
                EntityManager em, String entity, String owner, String time, String clinicId, Instant from, Instant to) {
            return em
                    .createQuery(
                            "select " + owner + ", min(" + time + "), count(*) from " + entity
                                    + " where clinicId = :clinic and " + time + " >= :from and " + time
                                    + " < :to and " + RecordStatus.IN_FORCE + " group by " + owner
                                    + " order by min(" + time + "), " + owner,
                            Object[].class)
                    .setParameter("clinic", clinicId)
                    .setParameter("from", from)
                    .setParameter("to", to)
                    .getResultList()
                    .stream()
                    .map(row -> new Span((UUID) row[0], (Instant) row[1], (Long) row[2]))
                    .toList();
        }
    }

    /**
     * The sessions of the clinic with readings ({@link Trigger#READING}) or adverse events
     * ({@link Trigger#ADVERSE_EVENT}) in force measured in {@code [from, to)}, ordered by their
     * first such record, then by id: one aggregate query, no record loaded.
     */
    List<Span> spans(String clinicId, Trigger trigger, Instant from, Instant to);

    /**
     * The readings or adverse events in force of these sessions of the clinic measured in
     * {@code [from, to)}, session by session in the order given, each session's in clinical order.
     */
    List<Replay> replay(String clinicId, Trigger trigger, List<UUID> sessionIds, Instant from, Instant to);
}
