package org.infusiontracker.rules;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.api.NotFound;
import org.infusiontracker.api.Problem.Violation;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.record.ClinicalTime;
import org.infusiontracker.rules.RuleApi.Backtest;
import org.infusiontracker.rules.RuleApi.BacktestResult;
import org.infusiontracker.rules.RuleApi.EditRule;
import org.infusiontracker.rules.RuleApi.Outcome;
import org.infusiontracker.rules.RuleApi.RuleHistory;
import org.infusiontracker.rules.RuleApi.RuleView;
import org.infusiontracker.security.ClinicContext;

/** Reads, versions and backtests rules for the caller's clinic. */
@ApplicationScoped
@Transactional
public class RuleEditor {

    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Map<SeedTable, Set<String>> ROWS = Map.of(
            SeedTable.SIDE_EFFECT,
                    Set.of(
                            "Feeling sleepy",
                            "Out-of-body sensations",
                            "Lightheadedness",
                            "Confusion",
                            "Queasiness",
                            "Vomiting",
                            "Blood pressure spike",
                            "Hallucinations"),
            SeedTable.RISK,
                    Set.of(
                            "Blood pressure",
                            "Heart problems",
                            "Breathing trouble",
                            "Addiction and misuse",
                            "Kidney damage",
                            "Brain fog"),
            SeedTable.SESSION, Set.of("Discharge", "Documentation"));
    private static final int BACKTEST_MAX_RECORDS = 500_000;

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final CelRules cel;
    private final RuleBook book;
    private final RulesConfig config;
    private final AuditLog audit;
    private final FactHistory history;
    private final RuleErrors errors;

    RuleEditor(
            ClinicContext clinic,
            ClinicalTime time,
            CelRules cel,
            RuleBook book,
            RulesConfig config,
            AuditLog audit,
            FactHistory history,
            RuleErrors errors) {
        this.history = history;
        this.errors = errors;
        this.audit = audit;
        this.clinic = clinic;
        this.time = time;
        this.cel = cel;
        this.book = book;
        this.config = config;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RuleView> current() {
        return RuleBook.current(clinic.clinicId()).stream()
                .sorted((a, b) -> a.seedTable != b.seedTable
                        ? a.seedTable.compareTo(b.seedTable)
                        : !a.seedRow.equals(b.seedRow) ? a.seedRow.compareTo(b.seedRow) : a.code.compareTo(b.code))
                .map(RuleView::of)
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RuleHistory history(String code) {
        Rule current = inForce(code);
        List<RuleView> versions = Rule.<Rule>list(
                        "code = ?1 and clinicId in ?2",
                        Sort.descending("version").and("createdAt", Sort.Direction.Descending),
                        code,
                        List.of(clinic.clinicId(), Rule.EVERY_CLINIC))
                .stream()
                .map(RuleView::of)
                .toList();
        return new RuleHistory(RuleView.of(current), versions, errors.lastDay(clinic.clinicId(), code));
    }

    /** Writes the next version of the code for the caller's clinic; a new code starts at version 1. */
    public RuleView edit(String code, EditRule body) {
        if (!CODE.matcher(code).matches()) {
            throw new InvalidInput("code", "must be upper-case letters, digits and underscores, 2 to 64 long");
        }
        if (code.equals(RuleService.NOT_EVALUATED)) {
            throw new InvalidInput("code", "is the flag of rules that could not be evaluated, not a rule");
        }
        Rule current = RuleBook.current(clinic.clinicId()).stream()
                .filter(r -> r.code.equals(code))
                .findFirst()
                .orElse(null);
        Rule next = new Rule();
        next.id = UUID.randomUUID();
        next.clinicId = clinic.clinicId();
        next.code = code;
        next.seedTable = pick(body.table(), current == null ? null : current.seedTable);
        next.seedRow = pick(body.row(), current == null ? null : current.seedRow);
        next.severity = pick(body.severity(), current == null ? null : current.severity);
        next.trigger = pick(body.trigger(), current == null ? null : current.trigger);
        next.condition = body.condition().strip();
        next.matchedValue = body.matchedValue() != null
                ? blankToNull(body.matchedValue())
                : current == null ? null : current.matchedValue;
        next.message = pick(blankToNull(body.message()), current == null ? null : current.message);
        next.source = pick(blankToNull(body.source()), current == null ? null : current.source);
        next.enabled = body.enabled() != null ? body.enabled() : current == null || current.enabled;
        next.changeReason = body.reason().strip();
        next.createdBy = clinic.actor();
        next.createdAt = time.now();
        check(next);
        Integer highest = Rule.<Rule>find(
                        "code = ?1 and clinicId in ?2",
                        Sort.descending("version"),
                        code,
                        List.of(clinic.clinicId(), Rule.EVERY_CLINIC))
                .firstResultOptional()
                .map(r -> r.version)
                .orElse(0);
        next.version = highest + 1;
        next.persist();
        Rule.flush();
        audit.write("RULE_EDIT", "rule", code, Map.of("version", next.version, "reason", next.changeReason));
        book.forget(clinic.clinicId());
        return RuleView.of(next);
    }

    /** Replays recorded readings or adverse events through the rule in force and a candidate condition. */
    public BacktestResult backtest(String code, Backtest body) {
        Rule current = inForce(code);
        if (current.trigger != Trigger.READING && current.trigger != Trigger.ADVERSE_EVENT) {
            throw new InvalidInput(
                    "code",
                    "backtests replay reading and adverse-event rules; " + code + " is a " + current.trigger + " rule");
        }
        CelRules.Compiled candidate = compile(body.condition(), "condition");
        CelRules.Compiled inForce = cel.compile(current.condition);
        Instant to = body.to() == null ? time.now() : body.to().toInstant();
        Instant from = body.from() == null
                ? to.minus(Duration.ofDays(30))
                : body.from().toInstant();
        if (!from.isBefore(to)) {
            throw new InvalidInput("from", "must be before to");
        }
        if (Duration.between(from, to).compareTo(config.backtestMaxWindow()) > 0) {
            throw new InvalidInput(
                    "from",
                    "the window may be at most " + config.backtestMaxWindow().toDays() + " days");
        }
        Tally now = new Tally();
        Tally next = new Tally();
        long evaluated = 0;
        for (FactHistory.Replay replay :
                history.replay(clinic.clinicId(), current.trigger, from, to, BACKTEST_MAX_RECORDS)) {
            CelRules.Bindings activation = CelRules.bind(replay.facts());
            now.add(replay.sessionId(), cel.matches(inForce, activation));
            next.add(replay.sessionId(), cel.matches(candidate, activation));
            evaluated++;
        }
        audit.write("BACKTEST", "rule", code, Map.of("from", from, "to", to, "evaluated", evaluated));
        return new BacktestResult(
                code,
                current.trigger,
                from,
                to,
                evaluated,
                now.outcome(current.version, current.condition),
                next.outcome(null, body.condition().strip()));
    }

    /** Counts matches, flags (runs of consecutive matches in a session) and sessions. */
    private static final class Tally {
        private long matches;
        private long flags;
        private final Set<UUID> sessions = new HashSet<>();
        private UUID lastSession;
        private boolean lastMatched;

        void add(UUID sessionId, boolean matched) {
            if (!sessionId.equals(lastSession)) {
                lastSession = sessionId;
                lastMatched = false;
            }
            if (matched) {
                matches++;
                sessions.add(sessionId);
                if (!lastMatched) {
                    flags++;
                }
            }
            lastMatched = matched;
        }

        Outcome outcome(Integer version, String condition) {
            return new Outcome(version, condition, matches, flags, sessions.size());
        }
    }

    private Rule inForce(String code) {
        return RuleBook.current(clinic.clinicId()).stream()
                .filter(r -> r.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new NotFound("Rule", code));
    }

    private void check(Rule rule) {
        List<Violation> violations = new ArrayList<>();
        if (rule.seedTable == null) {
            violations.add(new Violation("table", "is required for a new rule"));
        }
        if (rule.seedRow == null) {
            violations.add(new Violation("row", "is required for a new rule"));
        } else if (rule.seedTable != null && !ROWS.get(rule.seedTable).contains(rule.seedRow)) {
            violations.add(new Violation(
                    "row",
                    "must be one of "
                            + ROWS.get(rule.seedTable).stream().sorted().toList() + " in " + rule.seedTable));
        }
        for (Object[] required : new Object[][] {
            {"severity", rule.severity}, {"trigger", rule.trigger}, {"message", rule.message}, {"source", rule.source}
        }) {
            if (required[1] == null) {
                violations.add(new Violation((String) required[0], "is required for a new rule"));
            }
        }
        try {
            cel.compile(rule.condition);
        } catch (InvalidCondition e) {
            violations.add(new Violation("condition", e.getMessage()));
        }
        if (rule.matchedValue != null) {
            try {
                cel.compileValue(rule.matchedValue);
            } catch (InvalidCondition e) {
                violations.add(new Violation("matchedValue", e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    private CelRules.Compiled compile(String expression, String field) {
        try {
            return cel.compile(expression.strip());
        } catch (InvalidCondition e) {
            throw new InvalidInput(field, e.getMessage());
        }
    }

    private static <T> T pick(T given, T current) {
        return given != null ? given : current;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
