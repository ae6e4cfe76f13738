package org.infusiontracker.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Compiles and evaluates rule conditions written in CEL (Common Expression Language, cel-java).
 *
 * <p>Rules are authored as text, so they are checked once when saved ({@link #compile}) and then
 * evaluated against every reading ({@link #matches}). Evaluation never throws for a problem in the
 * data: a rule that cannot be evaluated for a reading simply does not fire for it. To test all rules
 * against one reading, convert its variables once with {@link #bind}.
 *
 * <h2>Variables</h2>
 * The seven variables in {@link #VARIABLES} are each declared as {@code map(string, dyn)}, so a
 * condition may name any key; the values are plain Java maps, converted by {@link CelValues}
 * (integers become {@code Long}, decimals {@code Double}, enums their name, {@code null} entries are
 * dropped). A variable the caller leaves out is bound to an empty map.
 *
 * <h2>Absent values: missing keys and {@code has()}</h2>
 * Verified against cel-java 0.14.0:
 * <ul>
 * <li>Selecting a missing key ({@code reading.spo2} when SpO2 was not measured) is an evaluation
 * error ("key 'spo2' is not present in map"); here that means <em>no match</em>.</li>
 * <li>Errors are absorbed by {@code &&} and {@code ||} when the other side decides the result,
 * in either order: {@code reading.spo2 <= 93 && false} is {@code false} and
 * {@code reading.spo2 <= 93 || true} is {@code true} even without SpO2.</li>
 * <li>{@code has(reading.spo2)} on a map is a key-presence test. Because {@code null} entries are
 * dropped, it means "was measured". {@code 'spo2' in reading} is equivalent. {@code has(reading)}
 * on a bare variable is a compile error.</li>
 * <li>The convention for rule authors is therefore to guard each value:
 * {@code has(reading.spo2) && reading.spo2 <= 93}. Unguarded rules still work (no match when the
 * value is missing), but {@link #evaluate} then reports the error, which helps find misspelt
 * keys: with {@code dyn} maps, {@code reading.spo3} compiles and can never match. Guards are also
 * much cheaper: a failed lookup raises an exception inside cel-java, costing 10–20 µs against
 * about 1 µs for a guarded condition.</li>
 * </ul>
 * {@code has()} is a macro; cel-java's standard compiler builder enables no macros by default, so
 * they are switched on explicitly here (also {@code all}, {@code exists}, {@code map},
 * {@code filter}).
 *
 * <h2>Numbers</h2>
 * CEL has {@code int} (64-bit, Java {@code Long}) and {@code double}; cel-java 0.14 has no
 * {@code Integer} or {@code BigDecimal}. Counts such as SpO2 or systolic are passed as {@code Long},
 * measurements with decimals such as temperature as {@code Double}. Mixed comparisons like
 * {@code reading.spo2 <= 93.0} or {@code reading.temperatureC >= 38} work because the option
 * {@code enableHeterogeneousNumericComparisons} is on (it is off by default in 0.14, and without it
 * those comparisons fail at run time). Arithmetic is <em>not</em> mixed:
 * {@code reading.systolic * 1.2} has no matching overload; write {@code double(reading.systolic) * 1.2}.
 *
 * <h2>Why {@code map(string, dyn)} rather than typed structs</h2>
 * cel-java 0.14 can declare struct types without protobuf ({@code StructType.create} with a field
 * resolver, registered through a {@code CelTypeProvider} on the compiler), and plain Java maps are
 * then accepted at run time. That catches misspelt fields and type errors at compile time, but it
 * needs a fixed field list per variable; it is left for when the reading, session and event shapes
 * handed to rules are settled.
 *
 * <p>Thread-safe: the compiler, runtime and compiled programs are immutable, and the cache is a
 * concurrent map. Only successfully compiled conditions are cached; the cache is unbounded, which is
 * fine for a clinic's set of rules but means it should not be fed arbitrary user text in a loop.
 */
@Singleton
public final class CelRules {

    /** The variables a condition may use; each is a {@code map(string, dyn)}. */
    public static final List<String> VARIABLES =
            List.of("reading", "baseline", "previous", "session", "patient", "event", "news2");

    /** Bounds any {@code all}/{@code exists}/{@code map} loop, so one rule cannot stall evaluation. */
    private static final int MAX_COMPREHENSION_ITERATIONS = 1_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .build();

    private final CelCompiler compiler;
    private final CelCompiler valueCompiler;
    private final CelRuntime runtime;
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Compiled> valueCache = new ConcurrentHashMap<>();

    public CelRules() {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        for (String variable : VARIABLES) {
            builder.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
        }
        this.compiler = builder.build();
        // A rule's matched value (what the flag shows, e.g. "182/104") is an expression of any type.
        CelCompilerBuilder values = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        for (String variable : VARIABLES) {
            values.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
        }
        this.valueCompiler = values.build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    }

    /**
     * Parses and type-checks a condition, which must yield a boolean. The same text is compiled only
     * once per engine.
     *
     * @throws InvalidCondition with CEL's message (line, column, caret) when the text does not parse,
     *                          names an unknown variable or function, or does not yield a boolean
     */
    public Compiled compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return cache.computeIfAbsent(expression, text -> compileUncached(compiler, text, "condition"));
    }

    /**
     * Parses and type-checks a matched-value expression (any result type), cached like conditions.
     *
     * @throws InvalidCondition with CEL's message when the text does not parse or type-check
     */
    public Compiled compileValue(String expression) {
        Objects.requireNonNull(expression, "expression");
        return valueCache.computeIfAbsent(expression, text -> compileUncached(valueCompiler, text, "matchedValue"));
    }

    /**
     * The value of a matched-value expression as text (a list is joined with ", "), or
     * {@code null} when it cannot be evaluated for these variables.
     */
    public String render(Compiled value, Bindings variables) {
        try {
            Object result = value.program.eval(variables.activation);
            if (result instanceof Collection<?> items) {
                return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
            }
            return result == null ? null : String.valueOf(result);
        } catch (CelEvaluationException e) {
            return null;
        }
    }

    /**
     * Whether the condition holds for the given variables. Never throws for a problem in the data:
     * a missing key, a type mismatch or a division by zero count as no match.
     *
     * <p>Converts the variables on every call; to test many conditions against one reading, bind the
     * variables once with {@link #bind} (converting a full set of variables costs about as much as
     * evaluating two simple conditions).
     *
     * @param variables values by variable name ({@link #VARIABLES}), each a {@code Map} converted as
     *                  described on {@link CelValues}; absent or {@code null} ones are empty maps
     * @throws IllegalArgumentException when a variable is not a map or holds a type CEL cannot use,
     *                                  which is a bug in the caller rather than in the data
     */
    public boolean matches(Compiled condition, Map<String, ?> variables) {
        return matches(condition, bind(variables));
    }

    /** Whether the condition holds for variables bound once with {@link #bind}. */
    public boolean matches(Compiled condition, Bindings variables) {
        return evaluate(condition, variables).matched();
    }

    /**
     * Like {@link #matches}, but also says why a condition did not match when it could not be
     * evaluated, so that rules which never fire because of a misspelt key can be found.
     */
    public Evaluation evaluate(Compiled condition, Bindings variables) {
        try {
            Object result = condition.program.eval(variables.activation);
            return Boolean.TRUE.equals(result) ? Evaluation.MATCH : Evaluation.NO_MATCH;
        } catch (CelEvaluationException e) {
            return new Evaluation(false, e.getMessage());
        }
    }

    /**
     * Converts variables for CEL once, so that many conditions can be evaluated against them.
     *
     * @param variables as for {@link #matches(Compiled, Map)}
     * @throws IllegalArgumentException when a variable is not a map or holds a type CEL cannot use
     */
    public static Bindings bind(Map<String, ?> variables) {
        Map<String, Object> activation = new HashMap<>(VARIABLES.size() * 2);
        for (String name : VARIABLES) {
            Object value = variables.get(name);
            if (value == null) {
                activation.put(name, Map.of());
            } else if (value instanceof Map<?, ?> map) {
                activation.put(name, CelValues.map(map, name));
            } else {
                throw new IllegalArgumentException(
                        "Rule variable '" + name + "' must be a Map, got " + value.getClass().getName());
            }
        }
        return new Bindings(activation);
    }

    private Compiled compileUncached(CelCompiler celCompiler, String expression, String description) {
        CelValidationResult result = celCompiler.compile(expression, description);
        if (result.hasError()) {
            throw new InvalidCondition(expression, result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Compiled(expression, runtime.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidCondition(expression, e.getMessage());
        }
    }

    /** A checked, ready-to-run condition. Obtain one from {@link #compile}; immutable and shareable. */
    public static final class Compiled {

        private final String expression;
        private final CelRuntime.Program program;

        private Compiled(String expression, CelRuntime.Program program) {
            this.expression = expression;
            this.program = program;
        }

        /** The condition text this program was compiled from. */
        public String expression() {
            return expression;
        }

        @Override
        public String toString() {
            return "Compiled[" + expression + "]";
        }
    }

    /** Variables converted for CEL by {@link #bind}; immutable, reusable across conditions and threads. */
    public static final class Bindings {

        private final Map<String, Object> activation;

        private Bindings(Map<String, Object> activation) {
            this.activation = activation;
        }
    }

    /**
     * The outcome of one evaluation.
     *
     * @param matched whether the condition yielded {@code true}
     * @param error   CEL's message when the condition could not be evaluated (then {@code matched}
     *                is {@code false}); {@code null} when it was evaluated
     */
    public record Evaluation(boolean matched, String error) {

        static final Evaluation MATCH = new Evaluation(true, null);
        static final Evaluation NO_MATCH = new Evaluation(false, null);

        /** Whether the condition could not be evaluated (for example a missing key). */
        public boolean failed() {
            return error != null;
        }
    }
}
