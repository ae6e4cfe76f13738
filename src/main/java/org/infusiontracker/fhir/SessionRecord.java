package org.infusiontracker.fhir;

import java.util.List;
import org.infusiontracker.adverse.AdverseEvent;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.vitals.VitalReading;

/** What one session's export is made of: the session and its records in force, and its flags. */
record SessionRecord(
        InfusionSession session, List<VitalReading> readings, List<AdverseEvent> events, List<FlagView> flags) {}
