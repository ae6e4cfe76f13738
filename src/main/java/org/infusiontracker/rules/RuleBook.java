package org.infusiontracker.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules in force for each clinic, compiled and grouped by trigger, cached so that the write
 * path does no parsing and no rule query. An edit here clears the clinic's entry at once; another
 * instance sees it when its entry expires ({@code infusion.rules.cache-ttl}). At most
 * {@code infusion.rules.clinics-cached} clinics are kept, the least recently used dropped first, so
 * that requests naming ever new clinics cannot fill the heap.
 */
@ApplicationScoped
public class RuleBook {

    /** A rule version ready to evaluate. */
    public record ActiveRule(
            UUID id,
            String code,
            int version,
            SeedTable table,
            String row,
            Severity severity,
            Trigger trigger,
            String message,
            CelRules.Compiled condition,
            CelRules.Compiled matchedValue) {}

    /** A clinic's compiled rules, as of {@code checkedAt}, when the clinic and the defaults had {@code rows} rule versions. */
    private record Entry(
            long checkedAt, long rows, Map<Trigger, List<ActiveRule>> byTrigger, Map<Trigger, Set<String>> variables) {}

    private final CelRules cel;
    private final RulesConfig config;
    private final Cache<String, Entry> byClinic;

    RuleBook(CelRules cel, RulesConfig config) {
        this.cel = cel;
        this.config = config;
        this.byClinic =
                Caffeine.newBuilder().maximumSize(config.clinicsCached()).build();
    }

    /** The enabled rules of this trigger in force for the clinic. */
    public List<ActiveRule> active(String clinicId, Trigger trigger) {
        return entry(clinicId).byTrigger.getOrDefault(trigger, List.of());
    }

    /**
     * Whether any enabled rule of this trigger names the variable: the write path skips the query
     * behind a variable that no rule reads.
     */
    public boolean uses(String clinicId, Trigger trigger, String variable) {
        return entry(clinicId).variables.getOrDefault(trigger, Set.of()).contains(variable);
    }

    /**
     * The clinic's rules, checked against the database at most once per TTL. Rule versions are only
     * ever added, never changed, so an unchanged count of the clinic's and the defaults' versions
     * means nothing changed: the check is one count, and only a new version recompiles.
     */
    private Entry entry(String clinicId) {
        Entry entry = byClinic.getIfPresent(clinicId);
        if (entry == null
                || System.nanoTime() - entry.checkedAt > config.cacheTtl().toNanos()) {
            long rows = Rule.count("clinicId in ?1", List.of(clinicId, Rule.EVERY_CLINIC));
            entry = entry != null && entry.rows == rows
                    ? new Entry(System.nanoTime(), rows, entry.byTrigger, entry.variables)
                    : load(clinicId, rows);
            byClinic.put(clinicId, entry);
        }
        return entry;
    }

    public void forget(String clinicId) {
        if (Rule.EVERY_CLINIC.equals(clinicId)) {
            byClinic.invalidateAll();
        } else {
            byClinic.invalidate(clinicId);
        }
    }

    /**
     * The version of each code in force for the clinic, enabled or not: the clinic's newest version
     * where it has one, otherwise the newest shipped default.
     */
    public static List<Rule> current(String clinicId) {
        Map<String, Rule> byCode = new LinkedHashMap<>();
        List<Rule> all = Rule.list(
                "clinicId in ?1",
                Sort.by("code").and("version", Sort.Direction.Descending),
                List.of(clinicId, Rule.EVERY_CLINIC));
        for (Rule rule : all) {
            Rule seen = byCode.get(rule.code);
            if (seen == null || (Rule.EVERY_CLINIC.equals(seen.clinicId) && !Rule.EVERY_CLINIC.equals(rule.clinicId))) {
                byCode.put(rule.code, rule);
            }
        }
        return new ArrayList<>(byCode.values());
    }

    private Entry load(String clinicId, long rows) {
        Map<Trigger, List<ActiveRule>> byTrigger = new EnumMap<>(Trigger.class);
        for (Rule rule : current(clinicId)) {
            if (!rule.enabled) {
                continue;
            }
            try {
                CelRules.Compiled condition = cel.compile(rule.condition);
                CelRules.Compiled value = rule.matchedValue == null ? null : cel.compileValue(rule.matchedValue);
                byTrigger
                        .computeIfAbsent(rule.trigger, t -> new ArrayList<>())
                        .add(new ActiveRule(
                                rule.id,
                                rule.code,
                                rule.version,
                                rule.seedTable,
                                rule.seedRow,
                                rule.severity,
                                rule.trigger,
                                rule.message,
                                condition,
                                value));
            } catch (InvalidCondition e) {
                // Saved rules are checked when saved; this guards against a CEL upgrade that reads them differently.
                Log.errorf(
                        "Rule %s v%d of clinic %s does not compile and is skipped: %s",
                        rule.code, rule.version, rule.clinicId, e.getMessage());
            }
        }
        byTrigger.replaceAll((trigger, rules) -> List.copyOf(rules));
        Map<Trigger, Set<String>> variables = new EnumMap<>(Trigger.class);
        byTrigger.forEach((trigger, rules) -> variables.put(
                trigger,
                Set.copyOf(rules.stream()
                        .flatMap(rule -> CelRules.VARIABLES.stream().filter(name -> mentions(rule, name)))
                        .toList())));
        return new Entry(System.nanoTime(), rows, byTrigger, variables);
    }

    private static boolean mentions(ActiveRule rule, String variable) {
        Pattern name = Pattern.compile("\\b" + variable + "\\b");
        return name.matcher(rule.condition().expression()).find()
                || (rule.matchedValue() != null
                        && name.matcher(rule.matchedValue().expression()).find());
    }
}
