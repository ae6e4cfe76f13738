package org.infusiontracker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.util.UUID;
import org.infusiontracker.Fixtures;
import org.infusiontracker.vitals.VitalReading;
import org.junit.jupiter.api.Test;

/** The check behind clinic isolation: a query on a clinic's table that does not name the clinic is refused. */
@QuarkusTest
class ClinicScopeTest {

    @Inject
    EntityManager em;

    @Inject
    UserTransaction tx;

    @Test
    void aQueryWithoutItsClinicIsRefusedBeforeItRuns() throws Exception {
        for (String query : new String[] {
            "from VitalReading where sessionId = :id",
            "from Flag where sessionId = :id",
            "from Patient where id = :id",
            "from InfusionSession where id = :id",
            "from AdverseEvent where sessionId = :id"
        }) {
            String refusal = Fixtures.refusal(
                    tx,
                    () -> em.createQuery(query)
                            .setParameter("id", UUID.randomUUID())
                            .getResultList());
            assertTrue(refusal.contains("does not name the clinic"), () -> query + ": " + refusal);
        }
    }

    @Test
    void aLoadByIdAloneIsRefusedToo() throws Exception {
        String refusal = Fixtures.refusal(tx, () -> em.find(VitalReading.class, UUID.randomUUID()));
        assertTrue(refusal.contains("does not name the clinic"), refusal);
    }

    @Test
    void aQueryThatNamesTheClinicRuns() throws Exception {
        tx.begin();
        try {
            assertEquals(
                    0,
                    em.createQuery("from VitalReading where sessionId = :id and clinicId = :clinic")
                            .setParameter("id", UUID.randomUUID())
                            .setParameter("clinic", "test-clinic")
                            .getResultList()
                            .size());
        } finally {
            tx.rollback();
        }
    }

    @Test
    void aJobAcrossClinicsSaysSo() throws Exception {
        tx.begin();
        try {
            assertEquals(
                    0,
                    ClinicScope.acrossClinics(() -> em.createQuery("from VitalReading where sessionId = :id")
                            .setParameter("id", UUID.randomUUID())
                            .getResultList()
                            .size()));
        } finally {
            tx.rollback();
        }
    }
}
