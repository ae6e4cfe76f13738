package org.infusiontracker.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Compiles and evaluates rule conditions written in CEL (Common Expression Language, cel-java).
 *
 * <p>Rules are authored as text, so they are checked once when saved ({@link #compile}) and then
 * evaluated against every reading ({@link #matches}). Evaluation never throws for a problem in the
 * data: a rule that cannot be evaluated for a reading does not fire for it, and {@link #evaluate}
 * says why (the engine counts and shows such errors, {@link RuleErrors}). To test all rules against
 * one reading, convert its variables once with {@link #bind}.
 *
 * <h2>Variables and their types</h2>
 * The variables in {@link #VARIABLES} are those the features declare ({@link RuleVariables}):
 * {@code reading}, {@code baseline} and {@code previous} of type {@code Reading}, {@code session},
 * {@code patient}, {@code event} and {@code news2}, each a typed struct derived from the feature's
 * fact record ({@link FactTypes}). The engine knows none of those records by name. So the type
 * checker rejects a misspelt field ({@code reading.spo3}), a comparison of the wrong types
 * ({@code reading.spo2 < 'low'}) and a condition that is not a boolean ({@code reading.spo2}) when
 * the rule is saved, rather than letting it silently never fire. {@link #describeTypes()} prints the
 * field lists; {@link #TYPES} and {@link #VARIABLE_TYPES} hold them as data.
 * The types are declared without protobuf: {@link StructType#create} with a field resolver, made
 * known to the checker by a {@link CelTypeProvider} on the compiler builder. At run time the values
 * are still plain Java maps: cel-java's standard runtime selects a field of a struct-typed variable
 * from a {@code Map} by key and treats {@code has()} as a key test, so no value provider is needed.
 * {@link #bind} checks each map against its type through {@link CelValues}: integers become
 * {@code Long}, decimals {@code Double} (an integer given for a {@code double} field is widened,
 * because the runtime would not compare a {@code Long} there), enums their name, {@code null}
 * entries are dropped; a key the type does not declare, or a value of the wrong type, is rejected as
 * a bug in the caller. A variable the caller leaves out is bound to an empty map, so every field of
 * it is absent. Struct literals such as {@code Reading{spo2: 90}} would type-check but cannot be
 * built at run time, so {@link #compile} rejects them.
 *
 * <h2>Absent values: missing keys and {@code has()}</h2>
 * Verified against cel-java 0.14.0:
 * <ul>
 * <li>Selecting a missing key ({@code reading.spo2} when SpO2 was not measured) is an evaluation
 * error ("key 'spo2' is not present in map"); here that means <em>no match</em>, reported by
 * {@link #evaluate}.</li>
 * <li>Errors are absorbed by {@code &&} and {@code ||} when the other side decides the result,
 * in either order: {@code reading.spo2 <= 93 && false} is {@code false} and
 * {@code reading.spo2 <= 93 || true} is {@code true} even without SpO2.</li>
 * <li>{@code has(reading.spo2)} is a key-presence test on the bound map. Because {@code null}
 * entries are dropped, it means "was measured". {@code has(reading)} on a bare variable, and
 * {@code has()} of an undeclared field, are compile errors.</li>
 * <li>The convention for rule authors is therefore to guard each optional value:
 * {@code has(reading.spo2) && reading.spo2 <= 93}. Unguarded rules still work (no match when the
 * value is missing), and {@link #evaluate} then reports the error. Guards are also much cheaper:
 * a failed lookup raises an exception inside cel-java, costing about 15 µs against under 1 µs for
 * a guarded condition (35 guarded conditions take about 26 µs per reading). This matters for
 * {@code event}, which is usually absent: each unguarded {@code event.type == 'X'} then costs an
 * exception per reading, so write {@code has(event.type) && event.type == 'X'} where it matters.</li>
 * </ul>
 * {@code has()} is a macro; cel-java's standard compiler builder enables no macros by default, so
 * they are switched on explicitly here (also {@code all}, {@code exists}, {@code map},
 * {@code filter}).
 *
 * <h2>Numbers</h2>
 * CEL has {@code int} (64-bit, Java {@code Long}) and {@code double}; cel-java 0.14 has no
 * {@code Integer} or {@code BigDecimal}. Counts such as SpO2 or systolic are {@code int} fields,
 * measurements with decimals such as temperature and all minute counts {@code double} fields.
 * Mixed comparisons like {@code reading.spo2 <= 93.0} or {@code reading.temperatureC >= 38} work
 * because the option {@code enableHeterogeneousNumericComparisons} is on (it is off by default in
 * 0.14). Equality and arithmetic are <em>not</em> mixed: {@code reading.spo2 == 92.0} and
 * {@code reading.systolic * 1.2} are compile errors (no matching overload); write
 * {@code reading.spo2 == 92} and {@code double(reading.systolic) * 1.2}. In the other direction,
 * {@code int(session.minutesSinceDosingStarted)} truncates to whole minutes.
 *
 * <p>Thread-safe: the compiler, runtime and compiled programs are immutable, and the caches are
 * Caffeine's. Only successfully compiled conditions are cached, and at most
 * {@code infusion.rules.cache-size} of each kind (least recently used out first), so that no amount
 * of rule text an admin sends can fill the heap. Text that is tried rather than saved (a backtest's
 * candidate) is compiled with {@link #compileUncached} and never enters the cache.
 */
@Singleton
public final class CelRules {

    /** The variables the features declare, in the order of their declarations. */
    private static final List<RuleVariables.Variable> DECLARED = declared();

    private static final FactTypes FACT_TYPES = new FactTypes(DECLARED);

    /** The record each variable takes. */
    private static final Map<String, Class<? extends Record>> DECLARED_FACTS = DECLARED.stream()
            .collect(Collectors.toUnmodifiableMap(RuleVariables.Variable::name, RuleVariables.Variable::facts));

    /** The CEL type of each variable, in the order of {@link #VARIABLES}. */
    private static final ImmutableMap<String, StructType> VARIABLE_STRUCTS = variableStructs();

    /** The variables a condition may use; {@link #VARIABLE_TYPES} gives the type of each. */
    public static final List<String> VARIABLES = List.copyOf(VARIABLE_STRUCTS.keySet());

    private static final CelTypeProvider TYPE_PROVIDER = new StructTypeProvider(
            ImmutableList.copyOf(VARIABLE_STRUCTS.values().stream().distinct().toList()));

    /**
     * The type name of each variable, e.g. {@code reading → Reading}, in the order of
     * {@link #VARIABLES}.
     */
    public static final Map<String, String> VARIABLE_TYPES = variableTypes();

    /**
     * The fields of each type, e.g. {@code Reading → {systolic → int, …, minutesAgo → double}}, with
     * CEL type names ({@code int}, {@code double}, {@code bool}, {@code string},
     * {@code list(Reading)}), in declaration order.
     */
    public static final Map<String, Map<String, String>> TYPES = types();

    /** Bounds any {@code all}/{@code exists}/{@code map} loop, so one rule cannot stall evaluation. */
    private static final int MAX_COMPREHENSION_ITERATIONS = 1_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .build();

    private final CelCompiler compiler;
    private final CelCompiler valueCompiler;
    private final CelRuntime runtime;
    private final Cache<String, Compiled> cache;
    private final Cache<String, Compiled> valueCache;

    /** The longest text {@link #render} returns; an index entry of the flag table must hold it. */
    static final int MAX_RENDERED_LENGTH = 1000;

    /** The most UTF-8 bytes {@link #render} returns, well within an entry of the flag table's index. */
    static final int MAX_RENDERED_BYTES = 2000;

    private static final int ELLIPSIS_BYTES = "…".getBytes(StandardCharsets.UTF_8).length;

    /** What the default configuration allows, for an engine made outside the container. */
    private static final int DEFAULT_CACHE_SIZE = 10_000;

    public CelRules() {
        this(DEFAULT_CACHE_SIZE);
    }

    @Inject
    CelRules(RulesConfig config) {
        this(config.cacheSize());
    }

    CelRules(int cacheSize) {
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.valueCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.compiler = compilerBuilder().setResultType(SimpleType.BOOL).build();
        // A rule's matched value (what the flag shows, e.g. "182/104") is an expression of any type.
        this.valueCompiler = compilerBuilder().build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .build();
    }

    /** A compiler builder with the options, macros, types and typed variables shared by both compilers. */
    private static CelCompilerBuilder compilerBuilder() {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(TYPE_PROVIDER);
        VARIABLE_STRUCTS.forEach(builder::addVar);
        return builder;
    }

    /**
     * The variables and their types' fields as plain text, one type per paragraph, as
     * docs/rules.md lists them:
     * <pre>
     * Reading (reading, baseline, previous, session.readings[])
     *   systolic: int
     *   …
     * </pre>
     */
    public static String describeTypes() {
        StringBuilder text = new StringBuilder();
        TYPES.forEach((type, fields) -> {
            List<String> usedBy = new ArrayList<>();
            VARIABLE_STRUCTS.forEach((variable, struct) -> {
                if (struct.name().equals(type)) {
                    usedBy.add(variable);
                }
                TYPES.get(struct.name()).forEach((field, fieldType) -> {
                    if (fieldType.equals("list(" + type + ")")) {
                        usedBy.add(variable + "." + field + "[]");
                    }
                });
            });
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(type).append(" (").append(String.join(", ", usedBy)).append(")\n");
            fields.forEach((field, fieldType) -> text.append("  ")
                    .append(field)
                    .append(": ")
                    .append(fieldType)
                    .append('\n'));
        });
        return text.toString();
    }

    /**
     * Parses and type-checks a condition, which must yield a boolean. The same text is compiled only
     * once per engine.
     *
     * @throws InvalidCondition with CEL's message (line, column, caret) when the text does not parse,
     *                          names an unknown variable, field or function, applies an operator to
     *                          the wrong types, or does not yield a boolean
     */
    public Compiled compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return cache.get(expression, text -> compileUncached(compiler, text, "condition"));
    }

    /**
     * Like {@link #compile}, but neither looks in nor adds to the cache: for a condition that is
     * tried once (a backtest's candidate) and dropped after, so that trying many fills nothing.
     *
     * @throws InvalidCondition as {@link #compile}
     */
    public Compiled compileUncached(String expression) {
        Objects.requireNonNull(expression, "expression");
        return compileUncached(compiler, expression, "condition");
    }

    /** How many compiled conditions are cached now (for tests). */
    long cachedConditions() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /**
     * Parses and type-checks a matched-value expression (any result type), cached like conditions.
     *
     * @throws InvalidCondition with CEL's message when the text does not parse or type-check
     */
    public Compiled compileValue(String expression) {
        Objects.requireNonNull(expression, "expression");
        return valueCache.get(expression, text -> compileUncached(valueCompiler, text, "matchedValue"));
    }

    /**
     * The value of a matched-value expression as text (a list is joined with ", "), or
     * {@code null} when it cannot be evaluated for these variables. Text longer than
     * {@value #MAX_RENDERED_LENGTH} characters (or {@value #MAX_RENDERED_BYTES} bytes) is cut to
     * that, its last character an ellipsis ({@link #capped}): a flag shows it to a nurse, and the unique index of clock flags per gap holds it,
     * which an entry of many kilobytes would break (the flag, and with it the record, could not be
     * written).
     */
    public String render(Compiled value, Bindings variables) {
        try {
            Object result = value.program.eval(variables.resolver);
            if (result instanceof Collection<?> items) {
                return capped(items.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
            return result == null ? null : capped(String.valueOf(result));
        } catch (CelEvaluationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The text, or as much of it as fits in {@value #MAX_RENDERED_LENGTH} characters and
     * {@value #MAX_RENDERED_BYTES} bytes of UTF-8 with an ellipsis at the end. The bytes matter to
     * the index (at most 2704 bytes an entry): a thousand characters outside ASCII may take up to
     * four thousand.
     */
    static String capped(String text) {
        if (text.length() <= MAX_RENDERED_LENGTH
                && text.getBytes(StandardCharsets.UTF_8).length <= MAX_RENDERED_BYTES) {
            return text;
        }
        StringBuilder kept = new StringBuilder(MAX_RENDERED_LENGTH);
        int bytes = ELLIPSIS_BYTES;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int chars = Character.charCount(codePoint);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (kept.length() + chars > MAX_RENDERED_LENGTH - 1 || bytes + size > MAX_RENDERED_BYTES) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += chars;
        }
        return kept.append('…').toString();
    }

    /**
     * Whether the condition holds for the given variables. Never throws for a problem in the data:
     * a missing key, a type mismatch or a division by zero count as no match.
     *
     * <p>Converts the variables on every call; to test many conditions against one reading, bind the
     * variables once with {@link #bind} (converting a full set of variables costs about as much as
     * evaluating two simple conditions).
     *
     * @param variables values by variable name ({@link #VARIABLES}), each a {@code Map} with the
     *                  fields of its type ({@link #TYPES}), converted as described on
     *                  {@link CelValues}; absent or {@code null} ones are empty maps, {@code null}
     *                  entries are absent fields
     * @throws IllegalArgumentException when a variable is not a map, has a key its type does not
     *                                  declare or a value of the wrong type, which is a bug in the
     *                                  caller rather than in the data
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
     * evaluated, so that rules which never fire because of a misspelt key can be found. An unchecked
     * exception out of the interpreter is reported the same way: it is this condition's problem,
     * and must not fail the record it is evaluated on.
     */
    public Evaluation evaluate(Compiled condition, Bindings variables) {
        try {
            Object result = condition.program.eval(variables.resolver);
            return Boolean.TRUE.equals(result) ? Evaluation.MATCH : Evaluation.NO_MATCH;
        } catch (CelEvaluationException e) {
            return new Evaluation(false, e.getMessage());
        } catch (RuntimeException e) {
            return new Evaluation(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Converts variables for CEL once, so that many conditions can be evaluated against them.
     *
     * @param variables as for {@link #matches(Compiled, Map)}
     * @throws IllegalArgumentException when a variable is not a map, has an undeclared key or a value
     *                                  of the wrong type
     */
    public static Bindings bind(Map<String, ?> variables) {
        Map<String, Object> activation = new HashMap<>(VARIABLES.size() * 2);
        for (String name : VARIABLES) {
            Object value = variables.get(name);
            if (value == null) {
                activation.put(name, Map.of());
            } else if (value instanceof Map<?, ?> map) {
                activation.put(name, CelValues.struct(map, VARIABLE_STRUCTS.get(name), name));
            } else {
                throw new IllegalArgumentException("Rule variable '" + name + "' must be a Map, got "
                        + value.getClass().getName());
            }
        }
        return new Bindings(activation);
    }

    /**
     * The facts the features handed in, converted for CEL once.
     *
     * @throws IllegalArgumentException when a variable is not declared or its facts are not the
     *                                  record it was declared with, a bug in the caller
     */
    public static Bindings bind(Facts facts) {
        Map<String, Object> activation = new HashMap<>(VARIABLES.size() * 2);
        for (String name : VARIABLES) {
            activation.put(name, Map.of());
        }
        facts.byVariable().forEach((variable, record) -> {
            Class<? extends Record> declared = DECLARED_FACTS.get(variable);
            if (declared == null) {
                throw new IllegalArgumentException("No rule variable '" + variable + "'");
            }
            if (declared != record.getClass()) {
                throw new IllegalArgumentException("Rule variable '" + variable + "' takes " + declared.getSimpleName()
                        + ", got " + record.getClass().getSimpleName());
            }
            activation.put(variable, FACT_TYPES.celValues(record));
        });
        return new Bindings(activation);
    }

    private static List<RuleVariables.Variable> declared() {
        List<RuleVariables.Variable> variables = new ArrayList<>();
        ServiceLoader.load(RuleVariables.class, CelRules.class.getClassLoader())
                .forEach(declaration -> variables.addAll(declaration.variables()));
        if (variables.isEmpty()) {
            throw new IllegalStateException(
                    "No rule variables are declared (META-INF/services/" + RuleVariables.class.getName() + ")");
        }
        return List.copyOf(variables);
    }

    private static ImmutableMap<String, StructType> variableStructs() {
        ImmutableMap.Builder<String, StructType> structs = ImmutableMap.builder();
        DECLARED.forEach(variable -> structs.put(variable.name(), FACT_TYPES.struct(variable.facts())));
        return structs.build();
    }

    private Compiled compileUncached(CelCompiler celCompiler, String expression, String description) {
        CelValidationResult result = celCompiler.compile(expression, description);
        if (result.hasError()) {
            throw new InvalidCondition(expression, result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            // Reading{...} type-checks, but the types are declarations only and cannot be built at run time.
            if (CelNavigableAst.fromAst(ast)
                    .getRoot()
                    .allNodes()
                    .anyMatch(node -> node.getKind() == CelExpr.ExprKind.Kind.STRUCT)) {
                throw new InvalidCondition(
                        expression,
                        "ERROR: " + description
                                + ": struct literals such as Reading{...} are not supported; use the variables "
                                + VARIABLES);
            }
            return new Compiled(expression, runtime.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidCondition(expression, e.getMessage());
        }
    }

    private static Map<String, String> variableTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        VARIABLE_STRUCTS.forEach((variable, type) -> types.put(variable, type.name()));
        return Collections.unmodifiableMap(types);
    }

    private static Map<String, Map<String, String>> types() {
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        for (CelType type : TYPE_PROVIDER.types()) {
            StructType struct = (StructType) type;
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : struct.fieldNames()) {
                fields.put(
                        field,
                        CelTypes.format(struct.findField(field).orElseThrow().type()));
            }
            types.put(struct.name(), Collections.unmodifiableMap(fields));
        }
        return Collections.unmodifiableMap(types);
    }

    /** Makes the rule types known to the type checker, which looks struct types up by name. */
    private record StructTypeProvider(ImmutableList<CelType> types) implements CelTypeProvider {

        @Override
        public Optional<CelType> findType(String typeName) {
            return types.stream().filter(type -> type.name().equals(typeName)).findFirst();
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

    /**
     * Variables converted for CEL by {@link #bind}; immutable, reusable across conditions and threads.
     * Conditions read them through one resolver: handed a map, CEL copies it for every evaluation,
     * which was a quarter of the rules' time with a few dozen rules a reading.
     */
    public static final class Bindings {

        private final Map<String, Object> activation;
        private final CelVariableResolver resolver;

        private Bindings(Map<String, Object> activation) {
            this.activation = Collections.unmodifiableMap(activation);
            this.resolver = name -> Optional.ofNullable(this.activation.get(name));
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
