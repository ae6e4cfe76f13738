package org.infusiontracker.sql;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Commits many small writes together, for callers that are many and answer only after the commit
 * (bedside monitors, which send a reading each and wait for its acknowledgement). Each unit of work
 * runs as it would alone (one that acts for someone opens its own request context, as
 * {@code DeviceCaller} does; its entities are flushed and let go when it ends), but several units
 * that arrived together share one transaction, so one commit (and one flush of the write-ahead log)
 * serves them all, and the rows written at commit ({@link PlainSql#atCommit}) of all of them go in
 * one round trip.
 *
 * <p>A unit's future completes only after its transaction committed: with its result, or with the
 * exception it threw alone. When any unit of a group fails, the whole group rolls back and each of
 * its units runs again in a transaction of its own, so one refused message never takes another's
 * write with it, and a unit is never acknowledged for a write that was rolled back. Writers take
 * the next group as soon as they are free: under light load a group is one unit (no waiting), under
 * heavy load groups grow up to {@code infusion.group-commit.max-group}.
 */
@ApplicationScoped
public class GroupCommit {

    /** The metric: Prometheus shows it as {@code infusion_group_commit_units} (count, sum, max). */
    public static final String GROUP_SIZE = "infusion.group.commit.units";

    private final BlockingQueue<Unit<?>> pending;
    private final int maxGroup;
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private final EntityManager em;
    private volatile boolean running = true;

    GroupCommit(
            @ConfigProperty(name = "infusion.group-commit.writers", defaultValue = "2") int writers,
            @ConfigProperty(name = "infusion.group-commit.max-group", defaultValue = "64") int maxGroup,
            @ConfigProperty(name = "infusion.group-commit.queue", defaultValue = "10000") int queue,
            MeterRegistry metrics,
            EntityManager em) {
        this.em = em;
        this.pending = new ArrayBlockingQueue<>(queue);
        this.maxGroup = maxGroup;
        this.groupSizes = DistributionSummary.builder(GROUP_SIZE)
                .description("Units of work committed together in one transaction")
                .register(metrics);
        for (int i = 1; i <= writers; i++) {
            Thread writer = new Thread(this::write, "group-commit-" + i);
            writer.setDaemon(true);
            this.writers.add(writer);
        }
        this.writers.forEach(Thread::start);
    }

    /**
     * Queues a unit of work; the answer completes after the commit that holds its writes. Refused at
     * once (the future fails with {@link RejectedExecutionException}) when the queue is full: the
     * caller answers "try again", having stored nothing.
     */
    public <T> CompletionStage<T> submit(Callable<T> work) {
        Unit<T> unit = new Unit<>(work);
        if (!running || !pending.offer(unit)) {
            unit.answer.completeExceptionally(new RejectedExecutionException("The write queue is full"));
        }
        return unit.answer;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    private void write() {
        List<Unit<?>> group = new ArrayList<>(maxGroup);
        while (running) {
            try {
                Unit<?> first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, maxGroup - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // commit answers every unit; this is a failure of the loop itself, which must go on.
                Log.error("Group commit failed", e);
                group.forEach(u -> u.answer.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        // Whatever is still queued at shutdown is refused: its callers have no acknowledgement.
        Unit<?> left;
        while ((left = pending.poll()) != null) {
            left.answer.completeExceptionally(new RejectedExecutionException("The service is stopping"));
        }
    }

    private void commit(List<Unit<?>> group) {
        groupSizes.record(group.size());
        if (group.size() > 1) {
            List<Object> results = new ArrayList<>(group.size());
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    for (Unit<?> unit : group) {
                        results.add(unit.run());
                        // Units share the transaction, not the persistence context: each one's writes
                        // go now, and its entities are let go, so that no unit's flush checks the
                        // entities of all the units before it (a group's flushes grew with its square).
                        em.flush();
                        em.clear();
                    }
                });
            } catch (RuntimeException groupFailed) {
                results.clear();
            }
            if (results.size() == group.size()) {
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).succeed(results.get(i));
                }
                return;
            }
        }
        for (Unit<?> unit : group) {
            try {
                unit.succeed(QuarkusTransaction.requiringNew().call(unit::run));
            } catch (RuntimeException alone) {
                unit.answer.completeExceptionally(unwrapped(alone));
            }
        }
    }

    /** The unit's own exception, as it threw it, rather than the transaction's wrapper of it. */
    private static Throwable unwrapped(RuntimeException e) {
        return e instanceof io.quarkus.narayana.jta.QuarkusTransactionException && e.getCause() != null
                ? e.getCause()
                : e;
    }

    /** One caller's work and the answer it waits for. */
    private static final class Unit<T> {
        final Callable<T> work;
        final CompletableFuture<T> answer = new CompletableFuture<>();

        Unit(Callable<T> work) {
            this.work = work;
        }

        T run() {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @SuppressWarnings("unchecked")
        void succeed(Object result) {
            answer.complete((T) result);
        }
    }
}
