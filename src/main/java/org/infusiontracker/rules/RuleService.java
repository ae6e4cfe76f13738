package org.infusiontracker.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.FlagService.Match;

/**
 * The engine's door for the features: they hand in the facts of a trigger, the engine evaluates the
 * clinic's rules in force and writes what matched as flags in the caller's transaction, so that a
 * reading and the flags it raised commit or fail together.
 */
@ApplicationScoped
public class RuleService {

    private final RuleBook book;
    private final CelRules cel;
    private final FlagService flags;

    RuleService(RuleBook book, CelRules cel, FlagService flags) {
        this.book = book;
        this.cel = cel;
        this.flags = flags;
    }

    /**
     * Evaluates the trigger's rules and raises flags for what matched. The facts are built only
     * when the clinic has rules for the trigger.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> raise(Trigger trigger, RaisedBy by, Supplier<Facts> facts) {
        List<RuleBook.ActiveRule> rules = book.active(by.clinicId(), trigger);
        if (rules.isEmpty()) {
            return List.of();
        }
        return flags.raise(evaluate(rules, facts.get()), by);
    }

    /** Writes matches already found (a discharge over its blockers keeps them on the record). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> raise(List<Match> matches, RaisedBy by) {
        return flags.raise(matches, by);
    }

    /**
     * Whether any rule of the trigger reads the variable: a feature may skip the query behind a
     * fact that no rule reads.
     */
    public boolean reads(String clinicId, Trigger trigger, String variable) {
        return book.uses(clinicId, trigger, variable);
    }

    /** The clinic's rules in force for a trigger (their version ids identify what a judgement was made with). */
    public List<RuleBook.ActiveRule> active(String clinicId, Trigger trigger) {
        return book.active(clinicId, trigger);
    }

    /** Which of the trigger's rules match the facts, without raising anything. */
    public List<Match> matches(String clinicId, Trigger trigger, Facts facts) {
        return matches(book.active(clinicId, trigger), facts);
    }

    /** Which of {@code rules} match the facts, without raising anything. */
    public List<Match> matches(List<RuleBook.ActiveRule> rules, Facts facts) {
        return rules.isEmpty() ? List.of() : evaluate(rules, facts);
    }

    /** Every rule against one set of facts, bound once. */
    List<Match> evaluate(List<RuleBook.ActiveRule> rules, Facts facts) {
        CelRules.Bindings activation = CelRules.bind(facts);
        List<Match> matches = new ArrayList<>();
        for (RuleBook.ActiveRule rule : rules) {
            if (cel.matches(rule.condition(), activation)) {
                String value = rule.matchedValue() == null ? null : cel.render(rule.matchedValue(), activation);
                matches.add(new Match(rule, value));
            }
        }
        return matches;
    }
}
