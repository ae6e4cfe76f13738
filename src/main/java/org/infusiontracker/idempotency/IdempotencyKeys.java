package org.infusiontracker.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.sql.PlainSql;

/**
 * The table of idempotency keys ({@code V5__idempotency_keys.sql}, scoped to a person by
 * {@code V17}), in plain SQL rather than as an entity: claiming a key is {@code insert ... on
 * conflict do nothing}, so that the primary key, not a look before the insert, decides between two
 * requests sent at once with one key. A key belongs to one person of one clinic (the token's
 * subject): another nurse who happens to send the same key and body makes a request of her own,
 * and is never handed the first nurse's answer.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The answer first given under a key, and the fingerprint of the request it answered. */
    public record FirstAnswer(String requestHash, int status, String location, String body) {

        /** The first answer again, marked as a replay. */
        public Response replay() {
            Response.ResponseBuilder replay = Response.status(status).header(IdempotencyInterceptor.REPLAYED, "true");
            if (location != null) {
                replay.header(HttpHeaders.LOCATION, location);
            }
            if (body != null) {
                replay.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
            }
            return replay.build();
        }
    }

    private final EntityManager em;
    private final PlainSql sql;
    private final ClinicalTime time;

    IdempotencyKeys(EntityManager em, PlainSql sql, ClinicalTime time) {
        this.em = em;
        this.sql = sql;
        this.time = time;
    }

    /**
     * Claims the key for the current transaction (empty), or returns the answer already given under
     * it. A request that finds the key claimed by a transaction still running waits here until that
     * one ends: committed, its answer is returned; rolled back, the key is claimed by this request.
     */
    @Transactional(TxType.MANDATORY)
    public Optional<FirstAnswer> claim(String clinicId, String actor, String key, String requestHash) {
        while (true) {
            int claimed = sql.update("""
                    insert into idempotency_key (clinic_id, actor, key, request_hash, created_at) values (?, ?, ?, ?, ?)
                    on conflict (clinic_id, actor, key) do nothing""", clinicId, actor, key, requestHash, time.now());
            if (claimed == 1) {
                return Optional.empty();
            }
            Optional<FirstAnswer> first = find(clinicId, actor, key);
            if (first.isPresent()) {
                return first;
            }
            // The cleanup removed the expired key between the two statements: it is free again.
        }
    }

    /** Stores the answer under a key this transaction claimed; it becomes visible when the write commits. */
    @Transactional(TxType.MANDATORY)
    public void remember(String clinicId, String actor, String key, int status, String location, String body) {
        // Flush the write first, so that a constraint it breaks fails as itself here, not as a failed commit.
        em.flush();
        sql.atCommit(
                "update idempotency_key set status = ?, location = ?, body = ? where clinic_id = ? and actor = ? and key = ?",
                status,
                location,
                body,
                clinicId,
                actor,
                key);
    }

    /** Gives a claimed key up: an answer that is not a success is not kept, and a retry tries again. */
    @Transactional(TxType.MANDATORY)
    public void release(String clinicId, String actor, String key) {
        sql.update("delete from idempotency_key where clinic_id = ? and actor = ? and key = ?", clinicId, actor, key);
    }

    private Optional<FirstAnswer> find(String clinicId, String actor, String key) {
        return sql
                .query(
                        "select request_hash, status, location, body from idempotency_key "
                                + "where clinic_id = ? and actor = ? and key = ?",
                        row -> new FirstAnswer(row.getString(1), row.getInt(2), row.getString(3), row.getString(4)),
                        clinicId,
                        actor,
                        key)
                .stream()
                .findFirst();
    }
}
