package io.polyface.spi.dialect;

/** Found with {@link java.util.ServiceLoader}; one per vendor dialect. */
public interface DialectProvider {
    /** The dialect's id, also the path prefix it is served under on the main port ("dmai"). */
    String id();

    Dialect create(DialectContext context);
}
