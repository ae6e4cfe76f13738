package org.infusiontracker.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house reads top-down: resources and features, the rules engine, the shared kit, tenancy and
 * the database; no arrow points back up and no packages import each other in a loop. Read from the
 * source's own imports (and fully qualified names), so that a new import that breaks the layering
 * fails here, in review's place.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/infusiontracker");
    private static final Pattern REFERENCE = Pattern.compile("org\\.infusiontracker\\.([a-z0-9]+)\\.[A-Za-z]");

    /**
     * The features, lowest first: each may use only those before it. The live stream comes last: it
     * serves every feature's events.
     */
    private static final List<String> FEATURES = List.of(
            "patient",
            "session",
            "vitals",
            "monitors",
            "adverse",
            "outcomes",
            "care",
            "rems",
            "ledger",
            "fhir",
            "board",
            "escalation",
            "webhooks",
            "stream");

    /** The shared kit and below: they serve every feature and import none. */
    private static final Set<String> KIT = Set.of("api", "idempotency", "record", "audit", "events", "security", "sql");

    private static Map<String, Set<String>> imports;

    @BeforeAll
    static void readTheSources() throws IOException {
        imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = imports.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
    }

    @Test
    void theRulesEngineKnowsNoFeature() {
        Set<String> known = new TreeSet<>(imports.get("rules"));
        known.retainAll(FEATURES);
        assertEquals(Set.of(), known, "rules/ imports features");
    }

    @Test
    void theSharedKitImportsNoFeatureAndNotTheEngine() {
        for (String kit : KIT) {
            Set<String> known = new TreeSet<>(imports.getOrDefault(kit, Set.of()));
            known.retainAll(FEATURES);
            known.remove("rules");
            assertEquals(Set.of(), known, kit + "/ imports features");
            assertTrue(!imports.getOrDefault(kit, Set.of()).contains("rules"), kit + "/ imports the rules engine");
        }
    }

    @Test
    void eachFeatureUsesOnlyTheFeaturesBelowIt() {
        for (int i = 0; i < FEATURES.size(); i++) {
            Set<String> above = new TreeSet<>(FEATURES.subList(i, FEATURES.size()));
            above.retainAll(imports.getOrDefault(FEATURES.get(i), Set.of()));
            assertEquals(Set.of(), above, FEATURES.get(i) + "/ imports a feature at or above it");
        }
    }

    @Test
    void everyPackageHasItsPlaceInTheHouse() {
        Set<String> placed = new TreeSet<>(KIT);
        placed.addAll(FEATURES);
        placed.add("rules");
        assertEquals(placed, imports.keySet(), "a package the layering does not know of");
    }

    @Test
    void noPackagesImportEachOtherInALoop() {
        List<List<String>> loops = new ArrayList<>();
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        List<String> stack = new ArrayList<>();
        for (String pkg : imports.keySet()) {
            if (!index.containsKey(pkg)) {
                strongConnect(pkg, index, low, stack, loops);
            }
        }
        assertEquals(List.of(), loops, "packages in a loop");
    }

    /** Tarjan's strongly connected components; a component of more than one package is a loop. */
    private static void strongConnect(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            List<String> stack,
            List<List<String>> loops) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : imports.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, loops);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                loops.add(component);
            }
        }
    }
}
