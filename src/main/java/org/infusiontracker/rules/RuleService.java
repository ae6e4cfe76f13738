package org.infusiontracker.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.infusiontracker.rules.FlagApi.FlagView;
import org.infusiontracker.rules.FlagService.Match;

/**
 * The engine's door for the features: they hand in the facts of a trigger, the engine evaluates the
 * clinic's rules in force and writes what matched as flags in the caller's transaction, so that a
 * reading and the flags it raised commit or fail together.
 *
 * <p>A rule that cannot be evaluated on a real record (its condition fails, e.g. on a value the
 * record lacks) counts as no match, but is not silent: {@link RuleErrors} counts and stores it, and
 * a WARNING or CRITICAL one raises the INFO flag {@value #NOT_EVALUATED} on the session. Views
 * ({@link #matches}: readiness on the session view and the board) and backtests record nothing.
 */
@ApplicationScoped
public class RuleService {

    /** The code of the flag that says a WARNING or CRITICAL rule could not be evaluated on a record. */
    public static final String NOT_EVALUATED = "RULE_NOT_EVALUATED";

    static final String NOT_EVALUATED_MESSAGE =
            "A rule could not be evaluated on this record, so it could not fire: judge the record without it "
                    + "and have the rule corrected";
    /** How much of CEL's message each failing rule adds to the flag's value. */
    private static final int REASON_MAX = 200;

    private static final List<Severity> FLAGGED_WHEN_NOT_EVALUATED = List.of(Severity.WARNING, Severity.CRITICAL);

    private final RuleBook book;
    private final CelRules cel;
    private final FlagService flags;
    private final RuleErrors errors;

    RuleService(RuleBook book, CelRules cel, FlagService flags, RuleErrors errors) {
        this.book = book;
        this.cel = cel;
        this.flags = flags;
        this.errors = errors;
    }

    /**
     * Evaluates the trigger's rules on a record and raises flags for what matched, and for the rules
     * that could not be evaluated. The facts are built only when the clinic has rules for the
     * trigger.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FlagView> raise(Trigger trigger, RaisedBy by, Supplier<Facts> facts) {
        List<RuleBook.ActiveRule> rules = book.active(by.clinicId(), trigger);
        if (rules.isEmpty()) {
            return List.of();
        }
        List<RuleErrors.Failure> failures = new ArrayList<>(0);
        List<Match> matches = evaluate(rules, facts.get(), failures);
        if (!failures.isEmpty()) {
            errors.record(by, failures);
            notEvaluated(failures).ifPresent(matches::add);
        }
        return flags.raise(matches, by);
    }

    /**
     * Which of the trigger's rules match a real record's facts, where the caller decides what a
     * match does (a discharge refuses with them as blockers). Raises nothing for the matches; the
     * rules that could not be evaluated are recorded and flagged as in {@link #raise}, the flag in
     * the caller's transaction, the record of the error whatever becomes of it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Match> judge(Trigger trigger, RaisedBy by, Facts facts) {
        List<RuleBook.ActiveRule> rules = book.active(by.clinicId(), trigger);
        if (rules.isEmpty()) {
            return List.of();
        }
        List<RuleErrors.Failure> failures = new ArrayList<>(0);
        List<Match> matches = evaluate(rules, facts, failures);
        if (!failures.isEmpty()) {
            errors.record(by, failures);
            notEvaluated(failures).ifPresent(flag -> flags.raise(List.of(flag), by));
        }
        return matches;
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

    /** Which of {@code rules} match the facts, without raising or recording anything. */
    public List<Match> matches(List<RuleBook.ActiveRule> rules, Facts facts) {
        return rules.isEmpty() ? List.of() : evaluate(rules, facts, null);
    }

    /**
     * Every rule against one set of facts, bound once. The rules that could not be evaluated are
     * added to {@code failures} when it is given.
     */
    private List<Match> evaluate(List<RuleBook.ActiveRule> rules, Facts facts, List<RuleErrors.Failure> failures) {
        CelRules.Bindings activation = CelRules.bind(facts);
        List<Match> matches = new ArrayList<>();
        for (RuleBook.ActiveRule rule : rules) {
            CelRules.Evaluation evaluation = cel.evaluate(rule.condition(), activation);
            if (evaluation.matched()) {
                // A value that cannot be rendered is shown as none; the flag is raised all the same.
                String value = rule.matchedValue() == null ? null : cel.render(rule.matchedValue(), activation);
                matches.add(new Match(rule, value));
            } else if (evaluation.failed() && failures != null) {
                failures.add(new RuleErrors.Failure(rule, evaluation.error()));
            }
        }
        return matches;
    }

    /**
     * The INFO flag for the WARNING and CRITICAL rules that could not be evaluated, if any: it names
     * the most severe one's version (its id, version, table and row), and its value lists each
     * failing rule with CEL's reason. One open flag of the code per session counts the repeats.
     */
    private static Optional<Match> notEvaluated(List<RuleErrors.Failure> failures) {
        List<RuleErrors.Failure> flagged = failures.stream()
                .filter(f -> FLAGGED_WHEN_NOT_EVALUATED.contains(f.rule().severity()))
                .sorted(Comparator.comparing((RuleErrors.Failure f) -> f.rule().severity())
                        .reversed())
                .toList();
        if (flagged.isEmpty()) {
            return Optional.empty();
        }
        RuleBook.ActiveRule first = flagged.get(0).rule();
        RuleBook.ActiveRule flag = new RuleBook.ActiveRule(
                first.id(),
                NOT_EVALUATED,
                first.version(),
                first.table(),
                first.row(),
                Severity.INFO,
                first.trigger(),
                NOT_EVALUATED_MESSAGE,
                null,
                null);
        String value = flagged.stream()
                .map(f -> f.rule().code() + " v" + f.rule().version() + " ("
                        + f.rule().severity() + "): " + RuleErrors.shortened(f.message(), REASON_MAX))
                .collect(Collectors.joining("; "));
        return Optional.of(new Match(flag, value));
    }
}
