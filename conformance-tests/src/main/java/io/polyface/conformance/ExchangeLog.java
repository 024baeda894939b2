package io.polyface.conformance;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last exchanges of the running test, for failure messages. Tests of one run execute one at a
 * time, so one log per thread is enough; {@link DialectEnvironment} clears it before each test.
 */
public final class ExchangeLog {
    private static final int KEPT = 3;
    private static final ThreadLocal<Deque<Exchange>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);

    private ExchangeLog() {
    }

    public static void record(Exchange exchange) {
        Deque<Exchange> recent = RECENT.get();
        recent.addLast(exchange);
        while (recent.size() > KEPT) {
            recent.removeFirst();
        }
    }

    public static List<Exchange> recent() {
        return List.copyOf(RECENT.get());
    }

    public static void clear() {
        RECENT.get().clear();
    }
}
