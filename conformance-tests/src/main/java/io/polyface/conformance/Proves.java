package io.polyface.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The documented behaviour a test proves: cells (operation x code) of a dialect's coverage matrix,
 * one per operation named. A test that proves several codes, or several operations on different
 * grounds, carries the annotation several times.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Proves.All.class)
public @interface Proves {
    /** The dialect id, as in {@code --dialect}. */
    String dialect();

    /** The operations, as named by the dialect's contract ({@code x-operation}), each with the same code. */
    String[] operation() default {};

    /**
     * A table of the operations the test sends, each expected to answer {@link #code()}: proved
     * besides those {@link #operation()} lists. A Proves names at least one operation.
     */
    Class<? extends OperationTable> operationsOf() default OperationTable.None.class;

    /** The status or error code the test expects, as the contract writes it. */
    String code();

    Basis basis() default Basis.DOC;

    /**
     * The section of the vendor document that says so; for {@link Basis#OBSERVED}, the source of the
     * observation (a file of the vendor's public server code, a captured answer, a real client).
     */
    String section();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Proves[] value();
    }
}
