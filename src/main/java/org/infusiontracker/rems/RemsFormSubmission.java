package org.infusiontracker.rems;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.infusiontracker.security.ClinicOwned;

/**
 * The clinic's filing of a session's form on the REMS portal: who, when, with what note. Written
 * once and never changed; the form's content stays computed from the record.
 */
@Entity
@Table(name = "rems_form_submission")
public class RemsFormSubmission extends ClinicOwned {

    @Id
    public UUID sessionId;

    public String submittedBy;
    public Instant submittedAt;
    public String note;
}
