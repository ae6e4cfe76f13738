package org.infusiontracker.care;

import java.util.List;
import org.infusiontracker.api.ProblemException;
import org.infusiontracker.rules.FlagApi.Blocker;

/**
 * A move that rules still block, asked for without a physician's override (409 with the
 * blockers): the start of dosing ({@code /problems/dosing-blocked}) or discharge
 * ({@code /problems/not-ready-for-discharge}).
 */
public class Blocked extends ProblemException {

    private final List<Blocker> blockers;

    private Blocked(String title, String what, List<Blocker> blockers) {
        super(
                409,
                title,
                blockers.size() == 1
                        ? blockers.get(0).message()
                        : blockers.size() + " criteria block " + what + "; a physician may override with a reason");
        this.blockers = List.copyOf(blockers);
    }

    static Blocked dosing(List<Blocker> blockers) {
        return new Blocked("Dosing blocked", "dosing", blockers);
    }

    static Blocked discharge(List<Blocker> blockers) {
        return new Blocked("Not ready for discharge", "discharge", blockers);
    }

    @Override
    public List<Blocker> blockers() {
        return blockers;
    }
}
