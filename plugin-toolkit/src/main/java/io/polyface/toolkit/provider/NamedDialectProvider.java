package io.polyface.toolkit.provider;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;
import java.util.function.Function;

/** A dialect provider that is its id and the dialect's constructor; a plugin's subclass names both. */
public abstract class NamedDialectProvider implements DialectProvider {
    private final String id;
    private final Function<DialectContext, ? extends Dialect> dialect;

    /**
     * @param id the path prefix the dialect is served under and its name in {@code dialects.enabled}
     * @param dialect makes the dialect ({@code SensetimeDialect::new})
     */
    protected NamedDialectProvider(String id, Function<DialectContext, ? extends Dialect> dialect) {
        this.id = requireNonNull(id, "id is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Dialect create(DialectContext context) {
        return dialect.apply(context);
    }
}
