package io.polyface.reliability.fuzz;

import java.util.Locale;

/** What the fuzzer does to an operation's valid request. */
public enum Mutation {
    /** A required member, field, part or query parameter left out. */
    MISSING_REQUIRED,
    /** A value of another JSON type (a number for a string, an object for an array, null, ...). */
    WRONG_TYPE,
    /** A string of 1 to 5 MB. */
    HUGE_STRING,
    /** Arrays or objects nested hundreds to tens of thousands deep. */
    DEEP_NESTING,
    /** NUL and other control characters, bidirectional overrides, a lone surrogate, bytes that are not UTF-8. */
    UNICODE_CONTROL,
    /** Negative, zero, past 64 bits, 1e999, a denormal. */
    EXTREME_NUMBER,
    /** An image that is not one, or base64 that is not base64. */
    BROKEN_IMAGE,
    /** The body cut off at a random byte, its Content-Length saying so. */
    TRUNCATED_BODY,
    /** The same body under another Content-Type, or none. */
    WRONG_CONTENT_TYPE,
    /** A member, field or parameter given twice with different values. */
    DUPLICATE_KEYS,
    /** Path parameters with dot segments, percent-encoded slashes, NUL, bytes that are not UTF-8, 10 KB. */
    PATH_TRAVERSAL,
    /** No body at all. */
    EMPTY_BODY;

    /** Whether the request still addresses the operation after this mutation (a path mutation may not). */
    public boolean keepsOperation() {
        return this != PATH_TRAVERSAL;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
