package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import io.polyface.reliability.Area;
import io.polyface.reliability.AreaResult;
import io.polyface.reliability.Checks;
import io.polyface.reliability.GatewayClient;
import io.polyface.reliability.Photos;
import io.polyface.reliability.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The fuzzer: every operation of every dialect's contract (and of the native protocol's), first
 * its valid request, then, pass after pass, that request under a {@link Mutation} chosen at random,
 * each answer judged by {@link AnswerJudge}. Request {@code i} of a seed is the same in every run
 * (only the ids the gateway hands out differ), so a failure's number reproduces it.
 */
public final class Fuzzer {
    /** A request unanswered for this long is a hang. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int THREADS = 2;
    static final String UNREACHED = "fuzzer-unreached.txt";

    private final GatewayClient client;
    private final Photos photos;
    private final long seed;
    private final int requests;
    private final Path report;
    /** Valid requests answered with success: how much real work the first pass reached. */
    private final AtomicInteger validSucceeded = new AtomicInteger();
    /** The others, each with its answer: where the fuzzer reaches only a dialect's checks. */
    private final List<String> validUnsucceeded = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param requests how many requests to send in all
     * @param report the file every failure is written to; beside it, {@value #UNREACHED} lists the
     *     operations whose valid request was not answered with success, with their answers
     */
    public Fuzzer(GatewayClient client, Photos photos, long seed, int requests, Path report) {
        this.client = requireNonNull(client, "client is null");
        this.photos = requireNonNull(photos, "photos is null");
        this.seed = seed;
        this.requests = requests;
        this.report = requireNonNull(report, "report is null");
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.FUZZER);
        List<Dialect> dialects = Dialect.found();
        List<ContractDocument> contracts = dialects.stream().map(ContractDocument::load).toList();
        Fixtures fixtures = Fixtures.of(contracts);
        Map<Dialect, SchemaSampler> samplers = new HashMap<>();
        List<Operation> operations = new ArrayList<>();
        for (ContractDocument contract : contracts) {
            samplers.put(contract.dialect(), new SchemaSampler(contract, fixtures, photos));
            operations.addAll(passOrder(contract.operations(), contract.setupPlan()));
        }
        RequestFactory factory = new RequestFactory(samplers, fixtures, photos);
        Mutator mutator = new Mutator(photos);
        AnswerJudge judge = new AnswerJudge(contracts);
        FuzzSetup setup = new FuzzSetup(client, fixtures, photos, contracts, checks::note);
        Optional<Operation> nativeCreate = operations.stream()
                .filter(o -> o.dialect().equals(Dialect.NATIVE) && o.pathTemplate().endsWith("/createCollection")).findFirst();
        Map<AnswerJudge.Kind, AtomicInteger> kinds = new ConcurrentHashMap<>();
        Map<Mutation, AtomicInteger> mutations = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int first = 0; first < requests; first += operations.size()) {
                setup.run(nativeCreate.map(o -> factory.baseline(o, new Random(seed))));
                List<Future<?>> pass = new ArrayList<>();
                for (int i = first; i < Math.min(requests, first + operations.size()); i++) {
                    int index = i;
                    pass.add(pool.submit(() -> one(index, operations, factory, mutator, judge, checks, kinds, mutations, failures)));
                }
                for (Future<?> f : pass) {
                    f.get();
                }
            }
        } catch (ExecutionException e) {
            checks.fail("the fuzzer itself failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.fail("interrupted");
        } finally {
            pool.shutdownNow();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        checks.note(operations.size() + " operations (" + dialects.stream()
                .map(d -> d.id() + " " + operations.stream().filter(o -> o.dialect().equals(d)).count()).collect(Collectors.joining(", "))
                + "), seed " + seed + ", " + requests + " requests in " + seconds + " s");
        checks.note("valid requests answered with success: " + validSucceeded.get() + " of " + Math.min(requests, operations.size())
                + " (the others name what the set-up did not make, or what an earlier request deleted; each with its answer in "
                + report.resolveSibling(UNREACHED) + ")");
        checks.note("mutations sent: " + Arrays.stream(Mutation.values())
                .map(m -> m.label() + " " + mutations.getOrDefault(m, new AtomicInteger()).get()).collect(Collectors.joining(", ")));
        if (!kinds.isEmpty()) {
            checks.note("failures by kind: " + kinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + "; all in " + report);
        }
        write(report, failures, Comparator.comparingInt(Fuzzer::number));
        write(report.resolveSibling(UNREACHED), validUnsucceeded, Comparator.naturalOrder());
        return checks.result();
    }

    private void one(int index, List<Operation> operations, RequestFactory factory, Mutator mutator, AnswerJudge judge, Checks checks,
            Map<AnswerJudge.Kind, AtomicInteger> kinds, Map<Mutation, AtomicInteger> mutations, List<String> failures) {
        Operation operation = operations.get(index % operations.size());
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        FuzzRequest request = factory.baseline(operation, random);
        Mutation mutation = null;
        if (index >= operations.size()) {
            List<Mutation> order = new ArrayList<>(List.of(Mutation.values()));
            Collections.shuffle(order, random);
            for (Mutation candidate : order) {
                Optional<FuzzRequest> mutated = mutator.apply(candidate, request, operation, factory.sampler(operation.dialect()), random);
                if (mutated.isPresent()) {
                    request = mutated.get();
                    mutation = candidate;
                    mutations.computeIfAbsent(candidate, m -> new AtomicInteger()).incrementAndGet();
                    break;
                }
            }
        }
        Optional<AnswerJudge.Problem> problem;
        try {
            RawHttp.Response response = RawHttp.exchange(client.address(), Optional.empty(),
                    client.credentials().wire(operation.dialect(), request, client.address()), DEADLINE);
            problem = request.leavesThePrefix() ? judge.judgeOutsideTheDialect(response) : judge.judge(operation, mutation, response);
            if (mutation == null && judge.success(operation, response)) {
                validSucceeded.incrementAndGet();
            } else if (mutation == null) {
                validUnsucceeded.add(operation.dialect().id() + " " + operation.name() + ": " + request.describe(operation.dialect().prefix())
                        + ": HTTP " + response.status() + " " + abbreviate(response.text()));
            }
        } catch (RawHttp.Hang e) {
            problem = Optional.of(new AnswerJudge.Problem(AnswerJudge.Kind.HANG, e.getMessage()));
        } catch (IOException e) {
            problem = Optional.of(new AnswerJudge.Problem(AnswerJudge.Kind.NO_ANSWER, "no answer: " + e.getMessage()));
        }
        if (problem.isEmpty()) {
            checks.pass();
            return;
        }
        kinds.computeIfAbsent(problem.get().kind(), k -> new AtomicInteger()).incrementAndGet();
        String line = "#" + index + " " + operation.dialect().id() + " " + operation.name() + ": "
                + request.describe(operation.dialect().prefix()) + ": " + problem.get().kind() + ": " + problem.get().message();
        failures.add(line);
        checks.fail(line);
    }

    /**
     * A dialect's operations in the order a pass sends them: deletions after the others, and the
     * plan's {@code last} (a group's or collection's deletion) after every other deletion, so that
     * each finds the set-up's objects still there.
     */
    static List<Operation> passOrder(List<Operation> operations, SetupPlan plan) {
        Set<String> names = operations.stream().map(Operation::name).collect(Collectors.toSet());
        plan.last().stream().filter(name -> !names.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("x-polyface-fuzz-setup.last names " + name + ", which is no operation of the contract");
        });
        List<Operation> ordered = new ArrayList<>();
        operations.stream().filter(o -> !o.destructive() && !plan.last().contains(o.name())).forEach(ordered::add);
        operations.stream().filter(o -> o.destructive() && !plan.last().contains(o.name())).forEach(ordered::add);
        operations.stream().filter(o -> plan.last().contains(o.name())).forEach(ordered::add);
        return ordered;
    }

    /** Writes the lines, a synchronized list filled by the workers, in that order. */
    private static void write(Path file, List<String> lines, Comparator<String> order) {
        try {
            Files.createDirectories(file.getParent());
            List<String> sorted;
            synchronized (lines) {
                sorted = lines.stream().sorted(order).toList();
            }
            Files.write(file, sorted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** An answer's text on one line, cut to 300 characters. */
    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static int number(String line) {
        return Integer.parseInt(line.substring(1, line.indexOf(' ')));
    }
}
