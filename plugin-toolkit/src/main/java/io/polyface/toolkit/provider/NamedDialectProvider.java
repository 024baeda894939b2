package io.polyface.toolkit.provider;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.dialect.ScoreScale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A dialect provider that is its id, the dialect's constructor and, when the dialect renders calibrated
 * scores, its score scale; a plugin's subclass names them.
 */
public abstract class NamedDialectProvider implements DialectProvider {
    private final String id;
    private final Function<DialectContext, ? extends Dialect> dialect;
    private final Optional<ScoreScale> scoreScale;

    /**
     * A provider of a dialect that renders no calibrated score.
     *
     * @param id the path prefix the dialect is served under and its name in {@code dialects.enabled}
     * @param dialect makes the dialect ({@code SensetimeDialect::new})
     */
    protected NamedDialectProvider(String id, Function<DialectContext, ? extends Dialect> dialect) {
        this(id, dialect, Optional.empty());
    }

    /**
     * @param id the path prefix the dialect is served under and its name in {@code dialects.enabled}
     * @param dialect makes the dialect ({@code SensetimeDialect::new})
     * @param scoreScale the scale of the scores the dialect renders, for score calibration
     */
    protected NamedDialectProvider(String id, Function<DialectContext, ? extends Dialect> dialect,
            ScoreScale scoreScale) {
        this(id, dialect, Optional.of(requireNonNull(scoreScale, "scoreScale is null")));
    }

    private NamedDialectProvider(String id, Function<DialectContext, ? extends Dialect> dialect,
            Optional<ScoreScale> scoreScale) {
        this.id = requireNonNull(id, "id is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.scoreScale = scoreScale;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Dialect create(DialectContext context) {
        return dialect.apply(context);
    }

    @Override
    public final Optional<ScoreScale> scoreScale() {
        return scoreScale;
    }
}
