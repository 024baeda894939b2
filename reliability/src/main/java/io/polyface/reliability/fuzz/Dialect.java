package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.Contract;
import io.polyface.spi.dialect.DialectProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A protocol the gateway speaks: a vendor dialect or the native protocol, with where its paths start
 * on the main port and its contract's class-path resource. The fuzzer covers every dialect
 * {@link #found() found}; the scenario attacks (full disk, kill -9, ...) name the ones they use.
 *
 * @param prefix where the dialect's contract paths start on the main port ({@code /dmai}; empty for the native protocol)
 */
public record Dialect(String id, String prefix, String contractResource) {
    public static final Dialect DMAI = vendor("dmai");
    public static final Dialect FACEPASS = vendor("facepass");
    public static final Dialect QINIU = vendor("qiniu");
    public static final Dialect SENSETIME = vendor("sensetime");
    public static final Dialect NATIVE = new Dialect("native", "", "contract/native-v1.openapi.json");

    public Dialect {
        requireNonNull(id, "id is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(contractResource, "contractResource is null");
    }

    /** A vendor dialect as its plugin serves it: under {@code /<id>}, its contract {@code contract/<id>-openapi.yaml}. */
    public static Dialect vendor(String id) {
        return new Dialect(id, "/" + id, Contract.resource(id));
    }

    /**
     * Every vendor dialect whose plugin is on the class path (the gateway the suite starts has the
     * same class path and serves them all), by id, then the native protocol.
     */
    public static List<Dialect> found() {
        List<Dialect> found = new ArrayList<>();
        ServiceLoader.load(DialectProvider.class).forEach(provider -> found.add(vendor(provider.id())));
        if (found.isEmpty()) {
            throw new IllegalStateException("no dialect plugin on the class path (no " + DialectProvider.class.getName() + " service)");
        }
        found.sort((a, b) -> a.id().compareTo(b.id()));
        found.add(NATIVE);
        return List.copyOf(found);
    }
}
