package org.mifsync.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.testkit.InventoryMifs;
import org.mifsync.testkit.InventoryMifs.Inventory;
import org.mifsync.testkit.InventoryPojo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Inventories per second, one thread, warm: the MIF parser building its document model from the
 * bytes of a realistic SMS hardware inventory, against Jackson databind reading the same
 * inventory as JSON into plain objects (the peer the parser's speed goal is stated against).
 *
 * <p>Both read the same fixed set of {@link #inventories} generated inventories of mixed sizes
 * (about 11 to 98 KB of MIF; see {@link InventoryMifs#mixedSet}), held in memory as {@code byte[]};
 * each invocation reads the next one, round robin, so one operation is one inventory.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ParseBenchmark
 * </pre>
 *
 * <p>The ratio {@code mifToModel / jacksonDatabind} is the figure the parser's goal speaks of
 * (floor 10 %, target 15 %). {@code mifToModelGrammarLexer} is the same parse with ANTLR's
 * generated lexer in place of the parser's hand-written token source.
 *
 * @since 0.1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseBenchmark {

    /** How many different inventories the benchmark cycles through. */
    @Param("50")
    public int inventories;

    /** The seed of the inventory set; the same seed gives the same files. */
    @Param("42")
    public long seed;

    private byte[][] mif;
    private byte[][] json;
    private final MifParser parser = MifParser.strict();
    private final MifParser grammarLexerParser = MifParser.builder().grammarLexer(true).build();
    private final ObjectReader jackson = new ObjectMapper().readerFor(InventoryPojo.class);
    private int next;

    /** Generates the inventories and checks once that both readers see the same content. */
    @Setup(Level.Trial)
    public void generate() throws MifException, IOException {
        List<Inventory> set = InventoryMifs.mixedSet(seed, inventories);
        mif = new byte[set.size()][];
        json = new byte[set.size()][];
        long mifBytes = 0;
        long jsonBytes = 0;
        for (int i = 0; i < set.size(); i++) {
            Inventory inv = set.get(i);
            mif[i] = inv.mif();
            json[i] = inv.json();
            mifBytes += mif[i].length;
            jsonBytes += json[i].length;
            // a benchmark of readers that disagree would compare nothing
            MifDocument doc = parser.parse(mif[i], inv.name()).document();
            if (!InventoryMifs.fromMif(doc).equals(inv.model()) || !jackson.readValue(json[i]).equals(inv.model())) {
                throw new IllegalStateException("MIF and JSON of " + inv.name() + " do not read the same");
            }
        }
        System.out.printf("%n%d inventories, MIF %.1f KB and JSON %.1f KB on average%n", set.size(),
                mifBytes / 1024.0 / set.size(), jsonBytes / 1024.0 / set.size());
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == mif.length ? 0 : i + 1;
        return i;
    }

    /** MIF bytes to document model, strict parser (the decode from ISO-8859-1 included). */
    @Benchmark
    public MifDocument mifToModel() throws MifException {
        return parser.parse(mif[nextIndex()], "inventory.mif").document();
    }

    /**
     * As {@link #mifToModel()}, with ANTLR's generated lexer instead of the hand-written token
     * source: what the hand-written lexer gains.
     */
    @Benchmark
    public MifDocument mifToModelGrammarLexer() throws MifException {
        return grammarLexerParser.parse(mif[nextIndex()], "inventory.mif").document();
    }

    /** JSON bytes to {@link InventoryPojo}, Jackson databind (the decode from UTF-8 included). */
    @Benchmark
    public InventoryPojo jacksonDatabind() throws IOException {
        return jackson.readValue(json[nextIndex()]);
    }

    /**
     * Runs this benchmark alone with its annotated settings (same as
     * {@code java -jar benchmarks.jar ParseBenchmark}).
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ParseBenchmark.class.getSimpleName()).build()).run();
    }
}
