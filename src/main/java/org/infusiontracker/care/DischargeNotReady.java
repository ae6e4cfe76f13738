package org.infusiontracker.care;

import java.util.List;
import org.infusiontracker.api.ProblemException;
import org.infusiontracker.rules.FlagApi.Blocker;

/** A discharge asked for while the readiness rules still block it, and without an override (409). */
public class DischargeNotReady extends ProblemException {

    private final List<Blocker> blockers;

    public DischargeNotReady(List<Blocker> blockers) {
        super(
                409,
                "Not ready for discharge",
                blockers.size() == 1
                        ? blockers.get(0).message()
                        : blockers.size() + " criteria block discharge; a physician may override with a reason");
        this.blockers = List.copyOf(blockers);
    }

    @Override
    public List<Blocker> blockers() {
        return blockers;
    }
}
