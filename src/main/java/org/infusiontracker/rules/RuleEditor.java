package org.infusiontracker.rules;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
    /** About how many records a backtest reads per page, each page in a short transaction of its own. */
    static final int BACKTEST_PAGE_RECORDS = 500;

    /**
     * For tests only: a budget and page size in place of the configured ones, and what a backtest
     * runs once it holds its clinic's lock (to hold it there while a second one is tried).
     */
    record Tuning(Duration budget, int pageRecords, Runnable whileLocked) {}

    private final ClinicContext clinic;
    private final ClinicalTime time;
    private final CelRules cel;
    private final RuleBook book;
    private final RulesConfig config;
    private final AuditLog audit;
    private final FactHistory history;
    private final RuleErrors errors;
    private final BacktestLock lock;
    private volatile Tuning tuning;

    RuleEditor(
            ClinicContext clinic,
            ClinicalTime time,
            CelRules cel,
            RuleBook book,
            RulesConfig config,
            AuditLog audit,
            FactHistory history,
            RuleErrors errors,
            BacktestLock lock) {
        this.lock = lock;
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

    /**
     * Replays recorded readings or adverse events through the rule in force and a candidate
     * condition. Holds no transaction: the clinic's backtest lock is held on a connection of its
     * own ({@link BacktestLock}), the window's sessions are counted first (so that a window over
     * the cap is refused before any record is read), then read about
     * {@value #BACKTEST_PAGE_RECORDS} records at a time, each page in a short transaction, until
     * the window is done or the budget ({@code infusion.rules.backtest-budget}) has run out. The
     * candidate is compiled for this run only and never cached.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public BacktestResult backtest(String code, Backtest body) {
        String clinicId = clinic.clinicId();
        Rule current = QuarkusTransaction.requiringNew().call(() -> inForce(code));
        if (current.trigger != Trigger.READING
                && current.trigger != Trigger.ADVERSE_EVENT
                && current.trigger != Trigger.ASSESSMENT) {
            throw new InvalidInput(
                    "code",
                    "backtests replay reading, adverse-event and assessment rules; " + code + " is a " + current.trigger
                            + " rule");
        }
        CelRules.Compiled candidate = compileCandidate(body.condition());
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
        Tuning tuned = tuning;
        Duration budget = tuned == null ? config.backtestBudget() : tuned.budget();
        int pageRecords = tuned == null ? BACKTEST_PAGE_RECORDS : tuned.pageRecords();
        BacktestLock.Held held = lock.tryLock(clinicId);
        if (held == null) {
            throw new BacktestRunning(Math.max(1, budget.toSeconds()));
        }
        try (held) {
            if (tuned != null && tuned.whileLocked() != null) {
                tuned.whileLocked().run();
            }
            long started = System.nanoTime();
            List<FactHistory.Span> spans =
                    QuarkusTransaction.requiringNew().call(() -> history.spans(clinicId, current.trigger, from, to));
            if (spans.stream().mapToLong(FactHistory.Span::records).sum() > BACKTEST_MAX_RECORDS) {
                throw new InvalidInput(
                        "from", "the window holds more than " + BACKTEST_MAX_RECORDS + " records; narrow it");
            }
            Tally now = new Tally();
            Tally next = new Tally();
            long evaluated = 0;
            Instant through = to;
            int i = 0;
            while (i < spans.size()) {
                if (i > 0 && System.nanoTime() - started > budget.toNanos()) {
                    // Every record before the first one of this session was replayed.
                    through = spans.get(i).first();
                    break;
                }
                List<UUID> page = new ArrayList<>();
                long inPage = 0;
                while (i < spans.size()
                        && (page.isEmpty() || inPage + spans.get(i).records() <= pageRecords)) {
                    page.add(spans.get(i).sessionId());
                    inPage += spans.get(i).records();
                    i++;
                }
                List<FactHistory.Replay> replays = QuarkusTransaction.requiringNew()
                        .call(() -> history.replay(clinicId, current.trigger, page, from, to));
                for (FactHistory.Replay replay : replays) {
                    CelRules.Bindings activation = CelRules.bind(replay.facts());
                    now.add(replay.sessionId(), cel.matches(inForce, activation));
                    next.add(replay.sessionId(), cel.matches(candidate, activation));
                    evaluated++;
                }
            }
            boolean complete = through.equals(to);
            Map<String, Object> details = Map.of(
                    "from", from, "to", to, "evaluated", evaluated, "complete", complete, "evaluatedThrough", through);
            QuarkusTransaction.requiringNew().run(() -> audit.write("BACKTEST", "rule", code, details));
            return new BacktestResult(
                    code,
                    current.trigger,
                    from,
                    to,
                    complete,
                    through,
                    evaluated,
                    now.outcome(current.version, current.condition),
                    next.outcome(null, body.condition().strip()));
        }
    }

    /** For tests: replaces the configured budget and page size ({@code null}: back to the configuration). */
    void tune(Tuning tuning) {
        this.tuning = tuning;
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

    /** A backtest's candidate, compiled for the one run and not cached: an admin may try any number. */
    private CelRules.Compiled compileCandidate(String expression) {
        try {
            return cel.compileUncached(expression.strip());
        } catch (InvalidCondition e) {
            throw new InvalidInput("condition", e.getMessage());
        }
    }

    private static <T> T pick(T given, T current) {
        return given != null ? given : current;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
